import type { ServiceName } from './catalog';

/**
 * Who calls whom inside a region: the one place the call graph is written down. The generator
 * turns each edge into the caller's setting (a `*_URL`, `JWKS_URL` or an `OUTBOX_SUBSCRIBERS`
 * entry) and into the NetworkPolicy rules that let exactly this traffic through (the caller's
 * egress, the callee's ingress). It is a claim: test/call-graph.test.ts derives the real graph
 * from the services' own config schemas, sources and the local launcher's wiring, and fails
 * when the two differ.
 */
export type CallEdge =
  /** An HTTP client configured with the callee's base URL in `setting`. */
  | { from: ServiceName; to: ServiceName; kind: 'http'; setting: `${string}_URL` }
  /** Fetches the public keys of user tokens from crm-api (`JWKS_URL`). */
  | { from: ServiceName; to: 'crm-api'; kind: 'jwks'; setting: 'JWKS_URL' }
  /** The caller's outbox relay POSTs events to the callee's `/events` (`OUTBOX_SUBSCRIBERS`). */
  | { from: ServiceName; to: ServiceName; kind: 'events'; setting: 'OUTBOX_SUBSCRIBERS' };

const http = (from: ServiceName, to: ServiceName, setting: `${string}_URL`): CallEdge => ({
  from,
  to,
  kind: 'http',
  setting,
});
const jwks = (from: ServiceName): CallEdge => ({
  from,
  to: 'crm-api',
  kind: 'jwks',
  setting: 'JWKS_URL',
});
const events = (from: ServiceName, to: ServiceName): CallEdge => ({
  from,
  to,
  kind: 'events',
  setting: 'OUTBOX_SUBSCRIBERS',
});

export const CALL_GRAPH: readonly CallEdge[] = [
  // The public entry forwards to every service and checks user tokens against crm-api's keys.
  http('api-gateway', 'crm-api', 'CRM_API_URL'),
  http('api-gateway', 'inventory-service', 'INVENTORY_URL'),
  http('api-gateway', 'logistics-service', 'LOGISTICS_URL'),
  http('api-gateway', 'order-service', 'ORDER_SERVICE_URL'),
  http('api-gateway', 'crm-ui', 'CRM_UI_URL'),
  http('api-gateway', 'tracking-ui', 'TRACKING_UI_URL'),
  http('api-gateway', 'crm-analytics', 'CRM_ANALYTICS_URL'),
  http('api-gateway', 'analytics-service', 'ANALYTICS_SERVICE_URL'),
  jwks('api-gateway'),

  // Checkout: the catalogue from inventory, the supply saga in order-service.
  http('crm-api', 'inventory-service', 'INVENTORY_URL'),
  http('crm-api', 'order-service', 'ORDER_SERVICE_URL'),
  events('crm-api', 'crm-analytics'),

  // The saga: reserve and commit stock, create and cancel shipments.
  http('order-service', 'inventory-service', 'INVENTORY_URL'),
  http('order-service', 'logistics-service', 'LOGISTICS_URL'),
  events('order-service', 'crm-api'),
  events('order-service', 'analytics-service'),
  jwks('order-service'),

  events('inventory-service', 'analytics-service'),
  jwks('inventory-service'),

  events('logistics-service', 'analytics-service'),
  jwks('logistics-service'),

  // The stock snapshot at start, then events.
  http('analytics-service', 'inventory-service', 'INVENTORY_URL'),
  jwks('analytics-service'),

  jwks('crm-analytics'),
];

/** Distinct (caller, callee) pairs: what the NetworkPolicies must allow, no more. */
export function callPairs(
  graph: readonly CallEdge[] = CALL_GRAPH,
): { from: ServiceName; to: ServiceName }[] {
  const seen = new Map<string, { from: ServiceName; to: ServiceName }>();
  for (const edge of graph) seen.set(`${edge.from}->${edge.to}`, { from: edge.from, to: edge.to });
  return [...seen.values()];
}

export const callersOf = (service: ServiceName, graph: readonly CallEdge[] = CALL_GRAPH) =>
  [...new Set(graph.filter((e) => e.to === service).map((e) => e.from))].sort();

export const calleesOf = (service: ServiceName, graph: readonly CallEdge[] = CALL_GRAPH) =>
  [...new Set(graph.filter((e) => e.from === service).map((e) => e.to))].sort();
