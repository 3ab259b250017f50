import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export const REGIONS = ['us-east-1', 'eu-west-1'] as const;
export type Region = (typeof REGIONS)[number];

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/**
 * Settings every service shares. A service extends this with its own keys:
 * `baseConfigSchema(3000).extend({ ... })`.
 */
export function baseConfigSchema(defaultPort: number) {
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    PORT: port(defaultPort),
    HOST: z.string().default('0.0.0.0'),
    REGION: z.enum(REGIONS).default('us-east-1'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    /** Apply this service's migrations at start (off when a release job migrates instead). */
    DB_MIGRATE_ON_START: booleanFlag(true),
    /** Load the demo retailer's seed data at start (idempotent). */
    DB_SEED_DEMO_DATA: booleanFlag(true),
    /** HMAC secret for service-to-service tokens. The dev default is refused in production. */
    SERVICE_AUTH_SECRET: z.string().min(16).default('dev-only-service-secret-change-me'),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    BODY_LIMIT: z.string().default('100kb'),
    /** Where customer and operator tokens' public keys are published (crm-api). */
    JWKS_URL: z.url().default('http://127.0.0.1:3000/.well-known/jwks.json'),
    /** Who receives this service's outbox events: `name=url,name=url`. */
    OUTBOX_SUBSCRIBERS: z
      .string()
      .default('')
      .transform((value, ctx) => parseSubscribers(value, ctx)),
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  });
}

function parseSubscribers(value: string, ctx: z.RefinementCtx): { name: string; url: string }[] {
  const subscribers: { name: string; url: string }[] = [];
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9-]+)=(https?:\/\/\S+)$/.exec(entry);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not name=http(s)://url` });
      return z.NEVER;
    }
    subscribers.push({ name: match[1]!, url: match[2]! });
  }
  return subscribers;
}

export type BaseConfig = z.infer<ReturnType<typeof baseConfigSchema>>;

/**
 * Parses the environment once at start. Every bad or missing variable is named in the
 * error, so a misconfigured process stops with a message that says what to fix.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<S>> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const config = result.data as Record<string, unknown>;
  if (
    config.NODE_ENV === 'production' &&
    config.SERVICE_AUTH_SECRET === 'dev-only-service-secret-change-me'
  ) {
    throw new ConfigError([
      'SERVICE_AUTH_SECRET: the development default is not allowed in production',
    ]);
  }
  return Object.freeze(result.data);
}

export { booleanFlag, port };
