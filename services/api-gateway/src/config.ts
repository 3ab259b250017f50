import { baseConfigSchema } from '@globalretail/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'api-gateway';

/** Every service behind the gateway, with the env var naming its base URL and its local default. */
export const UPSTREAMS = {
  'crm-api': { env: 'CRM_API_URL', url: 'http://127.0.0.1:3000', critical: true },
  'inventory-service': { env: 'INVENTORY_URL', url: 'http://127.0.0.1:4000', critical: true },
  'logistics-service': { env: 'LOGISTICS_URL', url: 'http://127.0.0.1:5000', critical: true },
  'order-service': { env: 'ORDER_SERVICE_URL', url: 'http://127.0.0.1:6000', critical: true },
  'crm-ui': { env: 'CRM_UI_URL', url: 'http://127.0.0.1:3100', critical: false },
  'tracking-ui': { env: 'TRACKING_UI_URL', url: 'http://127.0.0.1:3200', critical: false },
  'crm-analytics': { env: 'CRM_ANALYTICS_URL', url: 'http://127.0.0.1:3300', critical: false },
  'analytics-service': {
    env: 'ANALYTICS_SERVICE_URL',
    url: 'http://127.0.0.1:3400',
    critical: false,
  },
} as const;
export type UpstreamName = keyof typeof UPSTREAMS;
export const UPSTREAM_NAMES = Object.keys(UPSTREAMS) as UpstreamName[];

const ms = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const upstreamUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .default(fallback)
    .transform(stripTrailingSlash);

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The UIs' own origins when opened directly (not through the gateway) on this machine. */
const LOCAL_UI_ORIGINS = [3100, 3200, 3300, 3400]
  .flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`])
  .join(',');

/**
 * The kit's shared settings minus the database, outbox and service-credential ones: the
 * gateway owns no data and calls no service with its own credential, so it starts without a
 * DATABASE_URL or SERVICE_AUTH_SECRET.
 */
export const configSchema = baseConfigSchema(8080)
  .omit({
    DATABASE_URL: true,
    DB_POOL_MAX: true,
    DB_STATEMENT_TIMEOUT_MS: true,
    DB_MIGRATE_ON_START: true,
    DB_SEED_DEMO_DATA: true,
    SERVICE_AUTH_SECRET: true,
    OUTBOX_SUBSCRIBERS: true,
    OUTBOX_RELAY_INTERVAL_MS: true,
  })
  .extend({
    CRM_API_URL: upstreamUrl(UPSTREAMS['crm-api'].url),
    INVENTORY_URL: upstreamUrl(UPSTREAMS['inventory-service'].url),
    LOGISTICS_URL: upstreamUrl(UPSTREAMS['logistics-service'].url),
    ORDER_SERVICE_URL: upstreamUrl(UPSTREAMS['order-service'].url),
    CRM_UI_URL: upstreamUrl(UPSTREAMS['crm-ui'].url),
    TRACKING_UI_URL: upstreamUrl(UPSTREAMS['tracking-ui'].url),
    CRM_ANALYTICS_URL: upstreamUrl(UPSTREAMS['crm-analytics'].url),
    ANALYTICS_SERVICE_URL: upstreamUrl(UPSTREAMS['analytics-service'].url),
    /**
     * How long an upstream may take to start answering (its status line and headers). Above
     * crm-api's own worst case for placing an order, so the gateway never cuts a request the
     * service is still legitimately working on. A streaming answer is not limited once begun.
     */
    UPSTREAM_TIMEOUT_MS: ms(30_000, 50),
    /** Per upstream, for GET /readyz. */
    READY_CHECK_TIMEOUT_MS: ms(1500, 50),
    /** Requests per client (token subject, else address) per window, for everything. */
    RATE_LIMIT_MAX: count(600),
    RATE_LIMIT_WINDOW_MS: ms(60_000, 1000),
    /** Sign-in attempts per client address per window (on top of crm-api's per-email lock). */
    LOGIN_RATE_LIMIT_MAX: count(20),
    LOGIN_RATE_LIMIT_WINDOW_MS: ms(60_000, 1000),
    /**
     * Browser origins allowed to call the gateway cross-origin (comma-separated). The
     * gateway's own origin is always allowed; production sets the public UI origin(s).
     */
    CORS_ORIGINS: z
      .string()
      .default(LOCAL_UI_ORIGINS)
      .transform((value, ctx) => parseOrigins(value, ctx)),
  });

export type GatewayConfig = z.infer<typeof configSchema>;

function parseOrigins(value: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(entry);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== entry) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not an origin like https://host[:port] (no path, no trailing slash)`,
      });
      return z.NEVER;
    }
    origins.push(parsed.origin);
  }
  return origins;
}

/** The configured base URL of each upstream. */
export function upstreamUrls(config: GatewayConfig): Record<UpstreamName, string> {
  return Object.fromEntries(
    UPSTREAM_NAMES.map((name) => [name, config[UPSTREAMS[name].env]]),
  ) as Record<UpstreamName, string>;
}
