import path from 'node:path';
import { repoRoot } from '../db/sources';

export interface LocalService {
  name: string;
  port: number;
  /** Compiled entry point, relative to the repository root. */
  entry: string;
  /** Node arguments before the entry and the process's folder, when not the defaults. */
  launch?: () => { nodeArgs: string[]; args: string[]; cwd: string };
  /** Answers 200 once the process can take traffic (default `/readyz`). */
  readyPath?: string;
  /** One line for the start-up summary. */
  description: string;
  /**
   * Services that must be ready before this one is started (each listed earlier). Ones not
   * in the running system are ignored, so a subset can still be started.
   */
  after?: string[];
  /** Extra environment, given the URLs of the services in the running system. */
  env: (
    urls: Record<string, string>,
    system?: { databaseUrl?: string; port: number },
  ) => Record<string, string>;
}

/** The order core: what the benchmarks need (`LOCAL_SERVICES.filter(s => ORDER_CORE.includes(s.name))`). */
export const ORDER_CORE = ['crm-api', 'inventory-service', 'logistics-service', 'order-service'];

/** `OUTBOX_SUBSCRIBERS` for those of the consumers that are part of the running system. */
function subscribers(urls: Record<string, string>, consumers: string[]): Record<string, string> {
  const list = consumers.filter((name) => urls[name]).map((name) => `${name}=${urls[name]}/events`);
  return list.length > 0 ? { OUTBOX_SUBSCRIBERS: list.join(',') } : {};
}

/** `{ENV_NAME: url}` for those of the services that are part of the running system. */
function urlsOf(urls: Record<string, string>, names: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(names)
      .filter(([service]) => urls[service])
      .map(([service, variable]) => [variable, urls[service]!]),
  );
}

/**
 * The nine services of the local system, in start order: the order core, then analytics
 * and the pages, the gateway last. Services whose `after` are ready start together.
 */
export const LOCAL_SERVICES: LocalService[] = [
  {
    name: 'crm-api',
    port: 3000,
    entry: 'services/crm-api/dist/main.js',
    description: 'customers, orders, sign-in (JWT, JWKS)',
    env: (u) => ({
      ...urlsOf(u, { 'order-service': 'ORDER_SERVICE_URL', 'inventory-service': 'INVENTORY_URL' }),
      ...subscribers(u, ['crm-analytics']),
    }),
  },
  {
    name: 'inventory-service',
    port: 4000,
    entry: 'services/inventory-service/dist/main.js',
    description: 'products, warehouses, stock, reservations',
    env: (u) => subscribers(u, ['analytics-service']),
  },
  {
    name: 'logistics-service',
    port: 5000,
    entry: 'services/logistics-service/dist/main.js',
    description: 'shipments, carriers, tracking',
    env: (u) => subscribers(u, ['analytics-service']),
  },
  {
    name: 'order-service',
    port: 6000,
    entry: 'services/order-service/dist/main.js',
    description: 'the order saga',
    env: (u) => ({
      ...urlsOf(u, { 'inventory-service': 'INVENTORY_URL', 'logistics-service': 'LOGISTICS_URL' }),
      ...subscribers(u, ['crm-api', 'analytics-service']),
    }),
  },
  {
    name: 'crm-analytics',
    port: 3300,
    entry: 'services/crm-analytics/dist/main.js',
    description: 'sales insight (events from crm-api)',
    after: ORDER_CORE,
    env: () => ({}),
  },
  {
    name: 'analytics-service',
    port: 3400,
    entry: 'services/analytics-service/dist/main.js',
    description: 'supply-chain dashboards (events from inventory, logistics, orders)',
    after: ORDER_CORE,
    // Takes a stock snapshot from inventory-service at start, then follows the events.
    env: (u) => urlsOf(u, { 'inventory-service': 'INVENTORY_URL' }),
  },
  {
    name: 'crm-ui',
    port: 3100,
    entry: 'services/crm-ui/dist/main.js',
    description: 'customer dashboard (React)',
    after: ORDER_CORE,
    env: () => ({}),
  },
  {
    name: 'tracking-ui',
    port: 3200,
    entry: 'services/tracking-ui/dist/main.js',
    description: 'public tracking page (React)',
    after: ORDER_CORE,
    env: () => ({}),
  },
  {
    name: 'api-gateway',
    port: 8080,
    entry: 'services/api-gateway/dist/main.js',
    description: 'the single entry: routing, token checks, limits',
    after: [...ORDER_CORE, 'crm-analytics', 'analytics-service', 'crm-ui', 'tracking-ui'],
    env: (u) =>
      urlsOf(u, {
        'crm-api': 'CRM_API_URL',
        'inventory-service': 'INVENTORY_URL',
        'logistics-service': 'LOGISTICS_URL',
        'order-service': 'ORDER_SERVICE_URL',
        'crm-ui': 'CRM_UI_URL',
        'tracking-ui': 'TRACKING_UI_URL',
        'crm-analytics': 'CRM_ANALYTICS_URL',
        'analytics-service': 'ANALYTICS_SERVICE_URL',
      }),
  },
];

export const entryPath = (service: LocalService) => path.join(repoRoot, service.entry);

/**
 * The Backstage developer portal (backend on 7007, serving the production build of
 * portal/packages/app). Run from its TypeScript sources through Backstage's Node transform,
 * as `backstage-cli package start` does, minus the file watcher. Not one of the nine
 * services: it has no image and no place in the call graph, so it is started on request.
 */
export const PORTAL: LocalService = {
  name: 'portal',
  port: 7007,
  entry: 'portal/packages/backend/src/index.ts',
  launch: () => {
    const cwd = path.join(repoRoot, 'portal/packages/backend');
    const transform = require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
      paths: [cwd],
    });
    return {
      nodeArgs: ['--enable-source-maps', '--require', transform],
      args: ['--config', path.join(repoRoot, 'portal/app-config.yaml')],
      cwd,
    };
  },
  readyPath: '/.backstage/health/v1/readiness',
  description: 'developer portal (Backstage): catalog, order tracking, inventory, regions',
  after: [...ORDER_CORE, 'api-gateway'],
  env: (u, system) => {
    const base = `http://127.0.0.1:${system?.port ?? 7007}`;
    return {
      ...urlsOf(u, {
        'crm-api': 'CRM_API_URL',
        'order-service': 'ORDER_SERVICE_URL',
        'logistics-service': 'LOGISTICS_URL',
        'inventory-service': 'INVENTORY_URL',
        'api-gateway': 'REGION_US_EAST_1_GATEWAY_URL',
      }),
      ...(system?.databaseUrl ? { REGION_US_EAST_1_DATABASE_URL: system.databaseUrl } : {}),
      // Backstage reads APP_CONFIG_<path> as config overrides: the port can move (tests).
      APP_CONFIG_backend_listen_port: String(system?.port ?? 7007),
      APP_CONFIG_backend_baseUrl: base,
      APP_CONFIG_app_baseUrl: base,
      APP_CONFIG_backend_cors_origin: base,
    };
  },
};
