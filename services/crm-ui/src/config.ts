import path from 'node:path';
import { baseConfigSchema } from '@globalretail/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'crm-ui';

/** Where `vite build` writes the app: services/crm-ui/dist/web (same from src/ and dist/). */
export const DEFAULT_WEB_DIR = path.resolve(__dirname, '..', 'dist', 'web');

/**
 * The kit's shared settings minus the database, outbox and service-credential ones: crm-ui
 * only serves files, so it must start without a DATABASE_URL.
 */
export const configSchema = baseConfigSchema(3100)
  .omit({
    DATABASE_URL: true,
    DB_POOL_MAX: true,
    DB_STATEMENT_TIMEOUT_MS: true,
    DB_MIGRATE_ON_START: true,
    DB_SEED_DEMO_DATA: true,
    SERVICE_AUTH_SECRET: true,
    JWKS_URL: true,
    OUTBOX_SUBSCRIBERS: true,
    OUTBOX_RELAY_INTERVAL_MS: true,
  })
  .extend({
    /** The built web app (index.html and assets/). */
    WEB_DIR: z.string().min(1).default(DEFAULT_WEB_DIR),
    /** Cache lifetime of hashed files under /assets (their names change with their content). */
    ASSET_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(31_536_000),
    /** Cache lifetime of the other static files (favicon), whose names do not change. */
    STATIC_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(3600),
  });

export type CrmUiConfig = z.infer<typeof configSchema>;
