import path from 'node:path';
import { baseConfigSchema } from '@globalretail/service-kit';
import { z } from 'zod';

export const TRACKING_UI_PORT = 3200;

/**
 * The kit's shared settings minus everything about a database: this service only serves
 * the built page, which talks to logistics-service through the gateway.
 */
export const configSchema = baseConfigSchema(TRACKING_UI_PORT)
  .pick({
    NODE_ENV: true,
    LOG_LEVEL: true,
    PORT: true,
    HOST: true,
    REGION: true,
    SHUTDOWN_GRACE_MS: true,
  })
  .extend({
    /** Where `vite build` put the page (index.html and assets/). */
    WEB_DIST_DIR: z
      .string()
      .min(1)
      .default(path.join(__dirname, '..', 'dist', 'web')),
  });
export type TrackingUiConfig = z.infer<typeof configSchema>;
