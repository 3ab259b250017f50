/**
 * The nine services as Kubernetes sees them: where each runs, on which port, what it needs
 * from the platform. Ports and settings come from each service's own config schema
 * (services/<name>/src/config.ts or service.ts); test/catalog.test.ts reads those sources and
 * fails when this table stops matching them.
 */

export const SERVICE_NAMES = [
  'crm-api',
  'crm-ui',
  'crm-analytics',
  'inventory-service',
  'logistics-service',
  'order-service',
  'analytics-service',
  'api-gateway',
  'tracking-ui',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Which namespace of a region a service lives in: `crm-<r>` or `supply-<r>`. */
export type NamespaceGroup = 'crm' | 'supply';

export interface ResourceProfile {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
  /** V8 heap ceiling, below the memory limit so the process fails with a clear OOM message first. */
  maxOldSpaceMb: number;
}

export interface ServiceSpec {
  name: ServiceName;
  group: NamespaceGroup;
  /** The service's default PORT; container, Service and NetworkPolicy all use it. */
  port: number;
  description: string;
  /** Reads DATABASE_URL (owns a schema in crm_supply_db). */
  database: boolean;
  /** Signs or checks service-to-service tokens (SERVICE_AUTH_SECRET). */
  serviceAuth: boolean;
  /** Signs customer and operator tokens (JWT_PRIVATE_KEY); only crm-api. */
  issuesUserTokens: boolean;
  resources: ResourceProfile;
  /** Service-specific settings for the ConfigMap (never secrets). */
  settings: Readonly<Record<string, string>>;
}

const small: ResourceProfile = {
  requests: { cpu: '25m', memory: '96Mi' },
  limits: { cpu: '200m', memory: '192Mi' },
  maxOldSpaceMb: 128,
};
const api: ResourceProfile = {
  requests: { cpu: '100m', memory: '192Mi' },
  limits: { cpu: '500m', memory: '384Mi' },
  maxOldSpaceMb: 288,
};
const light: ResourceProfile = {
  requests: { cpu: '50m', memory: '160Mi' },
  limits: { cpu: '500m', memory: '320Mi' },
  maxOldSpaceMb: 240,
};
// Forecasts are CPU-bound; the HPA target (70 %) is measured against this request.
const compute: ResourceProfile = {
  requests: { cpu: '200m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
  maxOldSpaceMb: 384,
};

export const SERVICES: Readonly<Record<ServiceName, ServiceSpec>> = {
  'crm-api': {
    name: 'crm-api',
    group: 'crm',
    port: 3000,
    description: 'customers, customer-facing orders, sign-in (JWT issuer)',
    database: true,
    serviceAuth: true,
    issuesUserTokens: true,
    resources: api,
    settings: {},
  },
  'crm-ui': {
    name: 'crm-ui',
    group: 'crm',
    port: 3100,
    description: 'customer dashboard (static React app)',
    database: false,
    serviceAuth: false,
    issuesUserTokens: false,
    resources: small,
    settings: {},
  },
  'crm-analytics': {
    name: 'crm-analytics',
    group: 'crm',
    port: 3300,
    description: "sales insight over crm-api's order events",
    database: true,
    serviceAuth: true,
    issuesUserTokens: false,
    resources: light,
    settings: {},
  },
  'inventory-service': {
    name: 'inventory-service',
    group: 'supply',
    port: 4000,
    description: 'products, warehouses, stock, reservations',
    database: true,
    serviceAuth: true,
    issuesUserTokens: false,
    resources: api,
    settings: {},
  },
  'logistics-service': {
    name: 'logistics-service',
    group: 'supply',
    port: 5000,
    description: 'shipments, carriers, tracking timeline',
    database: true,
    serviceAuth: true,
    issuesUserTokens: false,
    resources: light,
    settings: {},
  },
  'order-service': {
    name: 'order-service',
    group: 'supply',
    port: 6000,
    description: 'the order saga linking CRM to supply',
    database: true,
    serviceAuth: true,
    issuesUserTokens: false,
    resources: api,
    settings: {},
  },
  'analytics-service': {
    name: 'analytics-service',
    group: 'supply',
    port: 3400,
    description: 'supply-chain dashboards and forecasts (autoscaled)',
    database: true,
    serviceAuth: true,
    issuesUserTokens: false,
    resources: compute,
    // Relays post batches of up to 100 events; the service's own default, kept explicit.
    settings: { BODY_LIMIT: '1mb' },
  },
  'api-gateway': {
    name: 'api-gateway',
    group: 'supply',
    port: 8080,
    description: 'the single public entry: routing, token checks, limits',
    database: false,
    serviceAuth: false,
    issuesUserTokens: false,
    resources: light,
    settings: {},
  },
  'tracking-ui': {
    name: 'tracking-ui',
    group: 'supply',
    port: 3200,
    description: 'public shipment tracking page (static React app)',
    database: false,
    serviceAuth: false,
    issuesUserTokens: false,
    resources: small,
    settings: {},
  },
};

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** Services whose CPU drives a HorizontalPodAutoscaler (seed: analytics-service, CPU > 70 %, max 4). */
export const AUTOSCALED: Readonly<
  Partial<Record<ServiceName, { cpuPercent: number; max: number }>>
> = {
  'analytics-service': { cpuPercent: 70, max: 4 },
};
