import path from 'node:path';
import {
  ApiRouter,
  BackgroundLoop,
  HttpClient,
  JwksKeyStore,
  authenticate,
  baseConfigSchema,
  booleanFlag,
  createServiceApp,
  finishApp,
  type ServiceDefinition,
  pageSecurityHeaders,
} from '@globalretail/service-kit';
import { z } from 'zod';
import { ChangeListener } from './domain/change-listener';
import { DemandForecaster } from './domain/demand-forecast';
import { SupplyFigures } from './domain/figures';
import { SummaryStream } from './domain/live-summary';
import { SupplyProjector } from './domain/projector';
import { StockBootstrap } from './domain/stock-bootstrap';
import { SCHEMA } from './domain/types';
import { createAnalyticsMetrics } from './metrics';
import { dashboardRoutes, DASHBOARD_PREFIX } from './routes/dashboard';
import { eventRoutes } from './routes/events';
import { supplyRoutes } from './routes/supply';

export const SERVICE_NAME = 'analytics-service';
export const ANALYTICS_PORT = 3400;

const ms = (fallback: number, min = 10) => z.coerce.number().int().min(min).default(fallback);

export const configSchema = baseConfigSchema(ANALYTICS_PORT).extend({
  /** Event batches from the relays are up to 100 events; the kit's 100 kB is tight. */
  BODY_LIMIT: z.string().default('1mb'),
  /** inventory-service, for the stock snapshot at start. */
  INVENTORY_URL: z.url().default('http://127.0.0.1:4000'),
  UPSTREAM_TIMEOUT_MS: ms(5000, 50),
  /** Take a stock snapshot at start (events alone do not carry reservation-moved levels). */
  STOCK_BOOTSTRAP_ENABLED: booleanFlag(true),
  /** Until the snapshot succeeds (inventory-service may start later), try again this often. */
  STOCK_BOOTSTRAP_RETRY_MS: ms(5000),
  /** Live stream: at most one push per this many ms. */
  STREAM_MIN_INTERVAL_MS: ms(1000),
  STREAM_HEARTBEAT_MS: ms(15_000),
  /** A fresh summary this often without events (orders per minute moves with the clock). */
  STREAM_REFRESH_MS: ms(30_000),
  STREAM_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(200),
  /** How often a lost LISTEN connection is re-established. */
  STREAM_LISTEN_RETRY_MS: ms(5000),
  /** Longest order history a forecast may read (bounds its CPU time). */
  FORECAST_MAX_HISTORY_DAYS: z.coerce.number().int().min(14).max(3650).default(730),
  /** Longest season the forecast searches, in days. */
  FORECAST_MAX_PERIOD: z.coerce.number().int().min(2).max(60).default(35),
  /** Simulated futures for the prediction interval. */
  FORECAST_BOOTSTRAP_SAMPLES: z.coerce.number().int().min(100).max(5000).default(1000),
  /** Where `vite build` put the dashboard. */
  WEB_DIST_DIR: z
    .string()
    .min(1)
    .default(path.join(__dirname, '..', 'dist', 'web')),
});
export type AnalyticsConfig = z.infer<typeof configSchema>;

/** What tests may replace: the clock (orders per minute, the forecast's "today"). */
export interface AnalyticsOverrides {
  now?: () => Date;
}

/** What a built instance exposes to tests besides HTTP. */
export interface AnalyticsHandles {
  projector: SupplyProjector;
  figures: SupplyFigures;
  bootstrap: StockBootstrap;
  bootstrapLoop: BackgroundLoop;
  stream: SummaryStream;
  listener: ChangeListener;
}

/**
 * The service definition and handles to what `build` made (like logistics-service): main.ts
 * uses the plain definition; tests build one with a fixed clock and reach the handles.
 */
export function createAnalyticsService(overrides: AnalyticsOverrides = {}): {
  definition: ServiceDefinition<typeof configSchema>;
  readonly handles: AnalyticsHandles;
} {
  let built: AnalyticsHandles | undefined;
  const definition: ServiceDefinition<typeof configSchema> = {
    name: SERVICE_NAME,
    configSchema,
    migrations: {
      schema: SCHEMA,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      seedsDir: path.join(__dirname, '..', 'seeds'),
    },
    build(ctx) {
      const { config, logger, pool, lifecycle } = ctx;
      const now = overrides.now ?? (() => new Date());
      const metrics = createAnalyticsMetrics(ctx.metrics);
      const projector = new SupplyProjector({ pool, logger, metrics });
      const figures = new SupplyFigures({ pool, now });
      const forecaster = new DemandForecaster({
        pool,
        now,
        metrics,
        settings: {
          maxPeriod: config.FORECAST_MAX_PERIOD,
          samples: config.FORECAST_BOOTSTRAP_SAMPLES,
        },
      });
      const stream = new SummaryStream({
        compute: (filter) => figures.summary(filter),
        logger,
        metrics,
        minIntervalMs: config.STREAM_MIN_INTERVAL_MS,
        heartbeatMs: config.STREAM_HEARTBEAT_MS,
        refreshMs: config.STREAM_REFRESH_MS,
        maxClients: config.STREAM_MAX_CLIENTS,
        isDraining: () => lifecycle.draining,
      });
      lifecycle.onShutdown('live summary stream', () => stream.close());

      const app = createServiceApp({
        service: SERVICE_NAME,
        logger,
        metrics: ctx.metrics,
        lifecycle,
        bodyLimit: config.BODY_LIMIT,
      });
      app.use(pageSecurityHeaders());
      app.use(
        authenticate({
          serviceSecret: config.SERVICE_AUTH_SECRET,
          userKeys: new JwksKeyStore(config.JWKS_URL),
        }),
      );
      const api = new ApiRouter({
        title: SERVICE_NAME,
        version: '1.0.0',
        description:
          'Supply-chain dashboards: live stock, low-stock alerts, fill rate, shipments, on-time rate, orders per minute, a live stream and demand forecasts; fed by outbox events.',
      });
      eventRoutes(api, { projector, onConsumed: () => stream.changed() });
      supplyRoutes(api, {
        figures,
        forecaster,
        stream,
        maxHistoryDays: config.FORECAST_MAX_HISTORY_DAYS,
      });
      const dashboard = dashboardRoutes(app, api, { distDir: config.WEB_DIST_DIR, lifecycle });
      const openapi = api.document();
      app.get('/openapi.json', (_req, res) => {
        res.json(openapi);
      });
      app.use(api.router);
      app.get(`${DASHBOARD_PREFIX}/{*rest}`, dashboard.fallback);
      finishApp(app);

      const listener = new ChangeListener({ pool, logger, onChange: () => stream.changed() });
      BackgroundLoop.run(
        lifecycle,
        new BackgroundLoop(
          'change-listener',
          config.STREAM_LISTEN_RETRY_MS,
          () => listener.ensure(),
          logger,
        ),
      );
      lifecycle.onShutdown('change listener', () => listener.stop());

      const bootstrap = new StockBootstrap({
        pool,
        inventory: new HttpClient({
          target: 'inventory-service',
          baseUrl: config.INVENTORY_URL,
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
          retries: 1,
          token: ctx.serviceTokens.token,
        }),
        inventoryUrl: config.INVENTORY_URL,
        logger,
        metrics,
      });
      const bootstrapLoop = new BackgroundLoop(
        'stock-bootstrap',
        config.STOCK_BOOTSTRAP_RETRY_MS,
        async () => {
          await bootstrap.runOnce();
          stream.changed();
        },
        logger,
      );
      if (config.STOCK_BOOTSTRAP_ENABLED) BackgroundLoop.run(lifecycle, bootstrapLoop);

      built = { projector, figures, bootstrap, bootstrapLoop, stream, listener };
      return app;
    },
  };
  return {
    definition,
    get handles() {
      if (!built) throw new Error('analytics-service has not been built yet');
      return built;
    },
  };
}

export const analyticsDefinition = createAnalyticsService().definition;
