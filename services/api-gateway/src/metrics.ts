import type { Metrics } from '@globalretail/service-kit';

/**
 * The gateway's own counters. Latency per route group needs nothing extra: every route is an
 * Express route, so the kit's `http_request_duration_seconds{route}` is already per group.
 */
export function createGatewayMetrics(metrics: Metrics) {
  return {
    /** Every request that reached a route, by route group, upstream and final status. */
    requests: metrics.counter(
      'gateway_requests_total',
      'Requests per route group, upstream and status',
      ['group', 'upstream', 'status'],
    ),
    /** Requests the gateway answered itself without forwarding, by reason. */
    refused: metrics.counter(
      'gateway_refused_total',
      'Requests refused at the gateway (not forwarded), by reason',
      ['reason'],
    ),
    /** Upstreams that could not be reached or did not answer in time. */
    upstreamFailures: metrics.counter(
      'gateway_upstream_failures_total',
      'Upstreams unreachable or too slow, by upstream and error code',
      ['upstream', 'code'],
    ),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
