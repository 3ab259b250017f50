import type { Metrics } from '@globalretail/service-kit';

export type ReservationResult =
  'held' | 'insufficient' | 'unknown_sku' | 'duplicate' | 'released' | 'error';

/** Business counters of inventory-service, next to the kit's RED metrics. */
export function createInventoryMetrics(metrics: Metrics) {
  return {
    reservations: metrics.counter(
      'inventory_reservations_total',
      'POST /reservations outcomes: held, insufficient, unknown_sku, duplicate (replayed id), released (id already released), error',
      ['result'] as const,
    ),
    commits: metrics.counter(
      'inventory_reservation_commits_total',
      'Commit outcomes: committed, already_committed, not_held (expired or released)',
      ['result'] as const,
    ),
    releases: metrics.counter(
      'inventory_reservation_releases_total',
      'Release outcomes: released, already_ended, tombstone (unknown id), committed (refused)',
      ['result'] as const,
    ),
    expiries: metrics.counter(
      'inventory_reservation_expiries_total',
      'Holds expired after their TTL, by who noticed: sweeper or commit',
      ['by'] as const,
    ),
    adjustments: metrics.counter(
      'inventory_stock_adjustments_total',
      'Stock levels set through PUT /inventory/:productId, by caller kind',
      ['actor'] as const,
    ),
    batches: metrics.counter(
      'inventory_stock_batches_total',
      'Group-commit batch transactions by operation (reserve, commit) and result: committed, rerun (an id was taken meanwhile; run once more), failed',
      ['op', 'result'] as const,
    ),
    batchCommands: metrics.counter(
      'inventory_stock_batch_commands_total',
      'Commands taken into group-commit batches, by operation; divided by the batches, the mean batch size',
      ['op'] as const,
    ),
    lowStock: metrics.counter(
      'inventory_low_stock_events_total',
      'Times a stock row fell to or below its low-stock threshold',
    ),
  };
}

export type InventoryMetrics = ReturnType<typeof createInventoryMetrics>;
