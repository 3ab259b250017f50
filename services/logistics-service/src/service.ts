import path from 'node:path';
import {
  ApiRouter,
  authenticate,
  BackgroundLoop,
  baseConfigSchema,
  booleanFlag,
  createServiceApp,
  finishApp,
  JwksKeyStore,
  startOutboxRelay,
  type ServiceDefinition,
} from '@globalretail/service-kit';
import { z } from 'zod';
import { CarrierClock } from './domain/carrier-clock';
import { createLogisticsMetrics } from './domain/metrics';
import { SCHEMA, ShipmentService } from './domain/shipments';
import { generateTrackingNumber } from './domain/tracking-number';
import { registerShipmentRoutes } from './routes/shipments';
import { registerTrackingRoutes } from './routes/tracking';

export const configSchema = baseConfigSchema(5000).extend({
  /** Run the simulated carrier clock in this process (tests drive it by hand instead). */
  CARRIER_CLOCK_ENABLED: booleanFlag(true),
  CARRIER_CLOCK_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  /** Simulated time per real time: 1440 = a simulated day per real minute; 1 = real time. */
  CARRIER_CLOCK_SPEED: z.coerce.number().positive().max(10_000_000).default(1440),
  /** Shipments moved per transaction. */
  CARRIER_CLOCK_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Chance that an IN_TRANSIT leg runs into an EXCEPTION (0 turns exceptions off). */
  CARRIER_EXCEPTION_RATE: z.coerce.number().min(0).max(1).default(0.02),
  /** Simulated hours an exception costs; the ETA moves by as much. */
  CARRIER_EXCEPTION_DELAY_HOURS: z.coerce.number().min(0).max(720).default(24),
  /** Items carry no weight in the contract: every unit is billed as this many kilograms. */
  SHIPPING_UNIT_WEIGHT_KG: z.coerce.number().positive().max(100).default(0.5),
});
export type LogisticsConfig = z.infer<typeof configSchema>;

/** What tests may replace to make time, chance and tracking numbers deterministic. */
export interface LogisticsOverrides {
  now?: () => Date;
  random?: () => number;
  newTrackingNumber?: () => string;
}

/** What a built service exposes to tests (driving the clock without waiting for it). */
export interface LogisticsHandles {
  shipments: ShipmentService;
  clock: CarrierClock;
  clockLoop: BackgroundLoop;
}

/**
 * The service definition plus handles to what `build` created. main.ts uses the plain
 * definition; tests build one with a fake clock and drive `handles.clockLoop.runOnce()`.
 */
export function createLogisticsService(overrides: LogisticsOverrides = {}): {
  definition: ServiceDefinition<typeof configSchema>;
  readonly handles: LogisticsHandles;
} {
  let built: LogisticsHandles | undefined;
  const definition: ServiceDefinition<typeof configSchema> = {
    name: 'logistics-service',
    configSchema,
    migrations: {
      schema: SCHEMA,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      seedsDir: path.join(__dirname, '..', 'seeds'),
    },
    build(ctx) {
      const { config, logger, lifecycle, pool } = ctx;
      const now = overrides.now ?? (() => new Date());
      const metrics = createLogisticsMetrics(ctx.metrics);
      const shipments = new ShipmentService({
        pool,
        metrics,
        now,
        newTrackingNumber: overrides.newTrackingNumber ?? (() => generateTrackingNumber()),
        speed: config.CARRIER_CLOCK_SPEED,
        unitWeightKg: config.SHIPPING_UNIT_WEIGHT_KG,
      });
      const clock = new CarrierClock({
        pool,
        metrics,
        now,
        random: overrides.random ?? Math.random,
        batchSize: config.CARRIER_CLOCK_BATCH_SIZE,
        settings: {
          speed: config.CARRIER_CLOCK_SPEED,
          exceptionRate: config.CARRIER_EXCEPTION_RATE,
          exceptionDelayHours: config.CARRIER_EXCEPTION_DELAY_HOURS,
        },
      });

      const app = createServiceApp({
        service: 'logistics-service',
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
        title: 'logistics-service',
        version: '0.1.0',
        description: 'Shipments, carrier choice, tracking numbers and the tracking timeline.',
      });
      registerShipmentRoutes(api, shipments);
      registerTrackingRoutes(api, shipments);
      app.get('/openapi.json', (_req, res) => {
        res.json(api.document());
      });
      app.use(api.router);
      finishApp(app);

      const clockLoop = new BackgroundLoop(
        'carrier-clock',
        config.CARRIER_CLOCK_INTERVAL_MS,
        () => clock.tick(),
        logger,
      );
      if (config.CARRIER_CLOCK_ENABLED) BackgroundLoop.run(lifecycle, clockLoop);
      startOutboxRelay(ctx, { schema: SCHEMA, source: 'logistics-service' });
      built = { shipments, clock, clockLoop };
      return app;
    },
  };
  return {
    definition,
    get handles() {
      if (!built) throw new Error('the service has not been built yet');
      return built;
    },
  };
}

export const logisticsDefinition = createLogisticsService().definition;
