import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ApiRouter,
  authenticate,
  BackgroundLoop,
  baseConfigSchema,
  createServiceApp,
  finishApp,
  HttpClient,
  JwksKeyStore,
  startOutboxRelay,
  type ServiceContext,
  type ServiceDefinition,
} from '@globalretail/service-kit';
import { z } from 'zod';
import { InventoryClient, LogisticsClient } from './clients';
import { SagaRunner, type SagaHooks } from './domain/saga';
import { SupplyOrderRepository } from './repositories/supply-orders';
import { supplyOrderRoutes } from './routes/supply-orders';

export const ORDER_SERVICE_PORT = 6000;

export const configSchema = baseConfigSchema(ORDER_SERVICE_PORT).extend({
  INVENTORY_URL: z.url().default('http://127.0.0.1:4000'),
  LOGISTICS_URL: z.url().default('http://127.0.0.1:5000'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(50).default(5000),
  SAGA_SYNC_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  SAGA_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  SAGA_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(10).default(2000),
  SAGA_RECOVERY_BATCH: z.coerce.number().int().min(1).max(500).default(20),
  SAGA_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  SAGA_RETRY_BASE_MS: z.coerce.number().int().min(1).default(500),
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(900),
});
export type OrderServiceConfig = z.infer<typeof configSchema>;

/** Test seams: fault injection for the saga (never set in production code paths). */
export const testHooks: { saga?: SagaHooks } = {};

export interface OrderServiceHandles {
  runner: SagaRunner;
  recovery: BackgroundLoop;
  repository: SupplyOrderRepository;
}
const handles = new WeakMap<object, OrderServiceHandles>();
/** The saga runner and recovery loop of an app built by {@link buildOrderService} (for tests). */
export const orderServiceHandles = (app: object) => handles.get(app);

export function buildOrderService(ctx: ServiceContext<OrderServiceConfig>) {
  const { config, logger, pool, metrics, lifecycle, serviceTokens } = ctx;
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const repository = new SupplyOrderRepository(pool);
  const client = (target: string, baseUrl: string) =>
    new HttpClient({
      target,
      baseUrl,
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      retries: 2,
      token: serviceTokens.token,
    });
  const sagaOutcomes = metrics.counter(
    'supply_orders_finished_total',
    'Sagas finished, by final status',
    ['status'],
  );
  const runner = new SagaRunner({
    repository,
    inventory: new InventoryClient(client('inventory-service', config.INVENTORY_URL)),
    logistics: new LogisticsClient(client('logistics-service', config.LOGISTICS_URL)),
    logger,
    instanceId,
    leaseMs: config.SAGA_LEASE_MS,
    maxAttempts: config.SAGA_MAX_ATTEMPTS,
    retryBaseMs: config.SAGA_RETRY_BASE_MS,
    reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
    hooks: testHooks.saga,
    onFinished: (order) => sagaOutcomes.inc({ status: order.status }),
  });

  const api = new ApiRouter({
    title: 'order-service',
    version: '1.0.0',
    description:
      'The order saga linking CRM orders to supply: reserve stock, ship, commit, or compensate.',
  });
  supplyOrderRoutes(api, {
    repository,
    runner,
    instanceId,
    leaseMs: config.SAGA_LEASE_MS,
    syncTimeoutMs: config.SAGA_SYNC_TIMEOUT_MS,
  });

  const app = createServiceApp({
    service: 'order-service',
    logger,
    metrics,
    lifecycle,
    bodyLimit: config.BODY_LIMIT,
  });
  app.use(
    authenticate({
      serviceSecret: config.SERVICE_AUTH_SECRET,
      userKeys: new JwksKeyStore(config.JWKS_URL),
    }),
  );
  app.get('/openapi.json', (_req, res) => {
    res.json(api.document());
  });
  app.use(api.router);
  finishApp(app);

  // Picks up sagas nobody drives: after a crash, a lost lease, or a scheduled retry.
  const recovery = BackgroundLoop.run(
    lifecycle,
    new BackgroundLoop(
      'saga-recovery',
      config.SAGA_RECOVERY_INTERVAL_MS,
      async () => {
        const due = await repository.leaseDue(
          instanceId,
          config.SAGA_LEASE_MS,
          config.SAGA_RECOVERY_BATCH,
        );
        if (due.length) logger.info({ count: due.length }, 'resuming unfinished sagas');
        const results = await Promise.allSettled(due.map((order) => runner.run(order)));
        for (const r of results)
          if (r.status === 'rejected') logger.error({ err: r.reason }, 'saga resume failed');
      },
      logger,
    ),
  );
  startOutboxRelay(ctx, { schema: 'orders', source: 'order-service' });
  handles.set(app, { runner, recovery, repository });
  return app;
}

export const orderServiceDefinition: ServiceDefinition<typeof configSchema> = {
  name: 'order-service',
  configSchema,
  migrations: {
    schema: 'orders',
    migrationsDir: path.join(__dirname, '..', 'migrations'),
    seedsDir: path.join(__dirname, '..', 'seeds'),
  },
  build: buildOrderService,
};
