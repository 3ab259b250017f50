import type { Metrics } from '@globalretail/service-kit';

/** Business counters, next to the kit's RED metrics on `/metrics`. */
export function createLogisticsMetrics(metrics: Metrics) {
  return {
    shipmentsCreated: metrics.counter(
      'logistics_shipments_created_total',
      'Shipments created, by carrier and service level',
      ['carrier', 'service_level'],
    ),
    transitions: metrics.counter(
      'logistics_status_transitions_total',
      'Shipment status changes (clock and cancellations), by from and to status',
      ['from', 'to'],
    ),
    cancellations: metrics.counter(
      'logistics_cancellations_total',
      'Cancel requests by outcome: cancelled, already_cancelled, tombstone, refused',
      ['result'],
    ),
  };
}
export type LogisticsMetrics = ReturnType<typeof createLogisticsMetrics>;
