import type { Metrics } from '@globalretail/service-kit';

/** Business metrics of analytics-service, next to the kit's RED metrics. */
export function createAnalyticsMetrics(metrics: Metrics) {
  return {
    events: metrics.counter(
      'analytics_events_total',
      'Events received on POST /events by type and result: applied, ignored (not consumed), malformed, duplicate',
      ['type', 'result'] as const,
    ),
    forecasts: metrics.counter(
      'analytics_forecasts_total',
      'Demand forecasts computed, by the seasonal period the search chose (1 = none)',
      ['period'] as const,
    ),
    forecastSeconds: metrics.counter(
      'analytics_forecast_cpu_seconds_total',
      'Time spent fitting and simulating demand forecasts',
    ),
    streamClients: metrics.gauge(
      'analytics_stream_clients',
      'Dashboards connected to GET /supply/stream',
    ),
    streamPushes: metrics.counter(
      'analytics_stream_summaries_total',
      'Summaries pushed to connected dashboards',
    ),
    snapshots: metrics.counter(
      'analytics_stock_snapshots_total',
      'Stock snapshots read from inventory-service, by result',
      ['result'] as const,
    ),
  };
}

export type AnalyticsMetrics = ReturnType<typeof createAnalyticsMetrics>;
