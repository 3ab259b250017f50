import path from 'node:path';
import { baseConfigSchema } from '@globalretail/service-kit';
import { z } from 'zod';

export const CRM_ANALYTICS_PORT = 3300;

export const configSchema = baseConfigSchema(CRM_ANALYTICS_PORT)
  .extend({
    /** The widest date range one query may cover (days, both ends included). */
    SALES_MAX_RANGE_DAYS: z.coerce.number().int().min(1).max(3660).default(366),
    /** The range used when a query gives no `from` (days ending at `to`, both included). */
    SALES_DEFAULT_RANGE_DAYS: z.coerce.number().int().min(1).max(3660).default(30),
    /** Figures are per currency; this one is reported when a query does not name one. */
    SALES_DEFAULT_CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('USD'),
    /** The built dashboard (`yarn workspace @globalretail/crm-analytics run build:web`). */
    WEB_DIST_DIR: z.string().default(path.join(__dirname, '..', 'dist', 'web')),
  })
  .refine((c) => c.SALES_DEFAULT_RANGE_DAYS <= c.SALES_MAX_RANGE_DAYS, {
    path: ['SALES_DEFAULT_RANGE_DAYS'],
    message: 'must not exceed SALES_MAX_RANGE_DAYS',
  });

export type CrmAnalyticsConfig = z.infer<typeof configSchema>;
