import type { Metrics } from '@globalretail/service-kit';

/** Business counters of crm-api, next to the kit's per-route RED metrics. */
export function createCrmMetrics(metrics: Metrics) {
  return {
    ordersPlaced: metrics.counter('crm_orders_placed_total', 'Orders accepted (PENDING written)'),
    ordersConfirmed: metrics.counter('crm_orders_confirmed_total', 'Orders that became CONFIRMED'),
    ordersFailed: metrics.counter('crm_orders_failed_total', 'Orders that became FAILED', [
      'reason',
    ] as const),
    ordersPending: metrics.counter(
      'crm_orders_left_pending_total',
      'Submissions to order-service that ended without a final answer (left to the reconciler)',
    ),
    loginAttempts: metrics.counter('crm_login_attempts_total', 'Sign-in attempts by result', [
      'result',
    ] as const),
    idempotentReplays: metrics.counter(
      'crm_idempotent_replays_total',
      'Repeated POST /orders with a known Idempotency-Key, by how they were answered',
      ['outcome'] as const,
    ),
  };
}

export type CrmMetrics = ReturnType<typeof createCrmMetrics>;
