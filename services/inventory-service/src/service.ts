import path from 'node:path';
import {
  ApiRouter,
  BackgroundLoop,
  JwksKeyStore,
  authenticate,
  baseConfigSchema,
  createServiceApp,
  finishApp,
  startOutboxRelay,
  type ServiceContext,
  type ServiceDefinition,
} from '@globalretail/service-kit';
import { z } from 'zod';
import { CatalogService } from './domain/catalog';
import { ReservationService } from './domain/reservations';
import { StockService } from './domain/stock';
import { SCHEMA } from './domain/types';
import { createInventoryMetrics } from './metrics';
import { catalogRoutes } from './routes/catalog';
import { inventoryRoutes } from './routes/inventory';
import { reservationRoutes } from './routes/reservations';

export const SERVICE_NAME = 'inventory-service';

export const configSchema = baseConfigSchema(4000).extend({
  /** How long a hold lasts when the caller does not say (it may ask for 1..3600 s). */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** How often the sweeper looks for holds past their deadline. */
  RESERVATION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(5000),
  /** Holds expired per sweeper transaction (keeps stock-row locks short). */
  RESERVATION_SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  /**
   * Most reserves (and, separately, commits) one group-commit batch takes into its single
   * transaction. Requests that arrive while a batch runs wait for the next one.
   */
  RESERVATION_BATCH_MAX: z.coerce.number().int().min(1).max(10_000).default(500),
});
export type InventoryConfig = z.infer<typeof configSchema>;

/** What a running instance exposes to tests and tools besides its HTTP API. */
export interface InventoryHandles {
  reservations: ReservationService;
  stock: StockService;
  catalog: CatalogService;
  /** The sweeper loop as started (tests call `runOnce()` instead of waiting for the timer). */
  sweeper: BackgroundLoop;
  /** One full sweep now; resolves to the number of holds expired. */
  sweepNow(): Promise<number>;
}

const handlesByContext = new WeakMap<object, InventoryHandles>();

/** The handles of the instance built with this context. */
export function inventoryHandles(ctx: ServiceContext<InventoryConfig>): InventoryHandles {
  const handles = handlesByContext.get(ctx);
  if (!handles) throw new Error('no inventory-service was built with this context');
  return handles;
}

export const inventoryDefinition: ServiceDefinition<typeof configSchema> = {
  name: SERVICE_NAME,
  configSchema,
  migrations: {
    schema: SCHEMA,
    migrationsDir: path.join(__dirname, '..', 'migrations'),
    seedsDir: path.join(__dirname, '..', 'seeds'),
  },
  build(ctx) {
    const { config, logger, pool, lifecycle } = ctx;
    const metrics = createInventoryMetrics(ctx.metrics);
    const catalog = new CatalogService(pool);
    const stock = new StockService(pool, metrics);
    const reservations = new ReservationService(pool, metrics, {
      maxBatch: config.RESERVATION_BATCH_MAX,
    });
    // Closers run last-registered first: queued reserves and commits are answered before the
    // pool closes.
    lifecycle.onShutdown('reservation batches', () => reservations.drain());

    const app = createServiceApp({
      service: SERVICE_NAME,
      logger,
      metrics: ctx.metrics,
      lifecycle,
      bodyLimit: config.BODY_LIMIT,
    });
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
        'Products, warehouses, stock levels and all-or-nothing reservations that never oversell.',
    });
    catalogRoutes(api, catalog);
    inventoryRoutes(api, stock);
    reservationRoutes(api, reservations, { ttlSeconds: config.RESERVATION_TTL_SECONDS });
    const openapi = api.document();
    app.get('/openapi.json', (_req, res) => {
      res.json(openapi);
    });
    app.use(api.router);
    finishApp(app);

    const sweepNow = async () => {
      const expired = await reservations.expireDue(config.RESERVATION_SWEEP_BATCH_SIZE);
      if (expired > 0) logger.info({ expired }, 'expired reservations past their hold time');
      return expired;
    };
    const sweeper = BackgroundLoop.run(
      lifecycle,
      new BackgroundLoop(
        'reservation-sweeper',
        config.RESERVATION_SWEEP_INTERVAL_MS,
        sweepNow,
        logger,
      ),
    );
    startOutboxRelay(ctx, { schema: SCHEMA, source: SERVICE_NAME });
    handlesByContext.set(ctx, { reservations, stock, catalog, sweeper, sweepNow });
    return app;
  },
};
