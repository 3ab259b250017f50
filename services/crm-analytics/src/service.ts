import path from 'node:path';
import {
  ApiRouter,
  authenticate,
  createServiceApp,
  finishApp,
  JwksKeyStore,
  type ServiceDefinition,
} from '@globalretail/service-kit';
import { configSchema } from './config';
import { SalesProjection, SCHEMA } from './domain/sales-projection';
import { SalesReports } from './domain/sales-reports';
import { createAnalyticsMetrics } from './metrics';
import { mountDashboard, securityHeaders } from './routes/dashboard';
import { registerEventRoutes } from './routes/events';
import { registerSalesRoutes } from './routes/sales';

export const SERVICE_NAME = 'crm-analytics';

/** What tests need from a built instance besides its HTTP interface. */
export interface CrmAnalyticsHandles {
  projection: SalesProjection;
  reports: SalesReports;
}

/**
 * crm-analytics: sales insight over a projection of crm-api's order events, a JSON API under
 * /sales and the dashboard page at /analytics/sales. `onBuilt` hands tests the instance's
 * projection and reports.
 */
export function createCrmAnalyticsDefinition(
  hooks: { onBuilt?: (handles: CrmAnalyticsHandles) => void } = {},
): ServiceDefinition<typeof configSchema> {
  return {
    name: SERVICE_NAME,
    configSchema,
    migrations: {
      schema: SCHEMA,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      seedsDir: path.join(__dirname, '..', 'seeds'),
    },
    build(ctx) {
      const { config, logger, pool } = ctx;
      const projection = new SalesProjection({
        pool,
        logger,
        metrics: createAnalyticsMetrics(ctx.metrics),
      });
      const reports = new SalesReports(pool);

      const app = createServiceApp({
        service: SERVICE_NAME,
        logger,
        metrics: ctx.metrics,
        lifecycle: ctx.lifecycle,
        bodyLimit: config.BODY_LIMIT,
      });
      app.use(securityHeaders());
      app.use(
        authenticate({
          serviceSecret: config.SERVICE_AUTH_SECRET,
          userKeys: new JwksKeyStore(config.JWKS_URL),
        }),
      );
      const api = new ApiRouter({
        title: SERVICE_NAME,
        version: '0.1.0',
        description:
          "Sales insight from crm-api's order events: revenue (confirmed orders only), order counts, top products and customers, average order value and conversion. Days are UTC; an order counts on the day it was placed.",
      });
      registerEventRoutes(api, { projection });
      registerSalesRoutes(api, {
        reports,
        rules: {
          maxRangeDays: config.SALES_MAX_RANGE_DAYS,
          defaultRangeDays: config.SALES_DEFAULT_RANGE_DAYS,
          defaultCurrency: config.SALES_DEFAULT_CURRENCY,
        },
      });
      app.use(api.router);
      const openApi = api.document();
      app.get('/openapi.json', (_req, res) => {
        res.json(openApi);
      });
      mountDashboard(app, config.WEB_DIST_DIR);
      finishApp(app);

      hooks.onBuilt?.({ projection, reports });
      return app;
    },
  };
}

export const crmAnalyticsDefinition = createCrmAnalyticsDefinition();
