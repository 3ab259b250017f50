import path from 'node:path';
import { baseConfigSchema } from '@globalretail/service-kit';
import { z } from 'zod';

const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

// services/crm-api/{src,dist} -> the repository root, where the git-ignored .data/ lives.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const configSchema = baseConfigSchema(3000).extend({
  /** inventory-service, for the catalogue (SKUs, names, prices). */
  INVENTORY_URL: z.url().default('http://127.0.0.1:4000'),
  INVENTORY_TIMEOUT_MS: ms(3000, 50),
  /** How long a fetched catalogue is used before it is fetched again. */
  CATALOGUE_CACHE_MS: ms(10_000),
  /** How long an old catalogue may still be used while inventory-service is unreachable. */
  CATALOGUE_STALE_MS: ms(300_000),
  /** order-service, which runs the supply saga for each order. */
  ORDER_SERVICE_URL: z.url().default('http://127.0.0.1:6000'),
  /** Above order-service's own wait for its saga (SAGA_SYNC_TIMEOUT_MS, 10 s), after which it answers 202. */
  ORDER_SERVICE_TIMEOUT_MS: ms(12_000, 50),
  /** Retries of POST /supply-orders (safe: order-service dedupes by orderId). */
  ORDER_SERVICE_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** How long a retried POST /orders waits for the first request's answer. */
  ORDER_REPLAY_WAIT_MS: ms(15_000),
  /** How often PENDING orders are re-submitted to order-service. */
  ORDER_RECONCILE_INTERVAL_MS: ms(5000, 10),
  /**
   * Only orders PENDING for at least this long are re-submitted: longer than the placing
   * request normally takes, so the two rarely overlap (harmless when they do: order-service
   * dedupes by orderId and finalizing is idempotent).
   */
  ORDER_RECONCILE_MIN_AGE_MS: ms(15_000),
  ORDER_RECONCILE_BATCH: z.coerce.number().int().min(1).max(500).default(20),
  /** PEM (PKCS#8 or PKCS#1) private RSA key for user tokens; `\n` escapes are accepted. */
  JWT_PRIVATE_KEY: z.string().optional(),
  /** Where the generated key is kept when JWT_PRIVATE_KEY is not set (not in NODE_ENV=test). */
  JWT_KEY_FILE: z.string().default(path.join(repoRoot, '.data', 'keys', 'crm-api-jwt.pem')),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** Failed sign-ins allowed per email and client address within LOGIN_WINDOW_MS. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MS: ms(300_000, 1000),
});

export type CrmApiConfig = z.infer<typeof configSchema>;
