import type { Metrics } from '@globalretail/service-kit';

/** Business counters of crm-analytics, next to the kit's per-route RED metrics. */
export function createAnalyticsMetrics(metrics: Metrics) {
  return {
    events: metrics.counter(
      'sales_insight_events_total',
      'crm-api events consumed, by type and what they did to the projection',
      ['type', 'outcome'] as const,
    ),
    duplicates: metrics.counter(
      'sales_insight_events_duplicate_total',
      'Redelivered events skipped because their eventId was already consumed',
    ),
  };
}

export type AnalyticsMetrics = ReturnType<typeof createAnalyticsMetrics>;
