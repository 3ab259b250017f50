import path from 'node:path';
import {
  ApiRouter,
  authenticate,
  BackgroundLoop,
  createServiceApp,
  finishApp,
  HttpClient,
  type OutboxRelay,
  type ServiceDefinition,
  startOutboxRelay,
  type UserTokenIssuer,
} from '@globalretail/service-kit';
import { LoginLimiter } from './auth/login-limiter';
import { burnPasswordCheck } from './auth/passwords';
import { loadUserTokenIssuer } from './auth/token-keys';
import { CatalogueClient } from './clients/catalogue';
import { SupplyOrdersClient } from './clients/supply-orders';
import { configSchema } from './config';
import { Checkout, SCHEMA } from './domain/checkout';
import { Customers } from './domain/customers';
import { SignIn } from './domain/sign-in';
import { createCrmMetrics } from './metrics';
import { registerAuthRoutes } from './routes/auth';
import { registerCustomerRoutes } from './routes/customers';
import { registerEventRoutes } from './routes/events';
import { registerOrderRoutes } from './routes/orders';

/** What tests (and tools) need from a running crm-api besides its HTTP interface. */
export interface CrmApiHandles {
  issuer: UserTokenIssuer;
  checkout: Checkout;
  catalogue: CatalogueClient;
  /** Re-submits PENDING orders; call `runOnce()` to run a pass now. */
  reconciler: BackgroundLoop;
  relay: OutboxRelay | undefined;
}

/**
 * crm-api's definition. `onBuilt` receives the handles of each built instance, so tests can
 * drive the reconciler deterministically and sign tokens with the instance's own key.
 */
export function createCrmApiDefinition(
  hooks: { onBuilt?: (handles: CrmApiHandles) => void } = {},
): ServiceDefinition<typeof configSchema> {
  return {
    name: 'crm-api',
    configSchema,
    migrations: {
      schema: SCHEMA,
      migrationsDir: path.join(__dirname, '..', 'migrations'),
      seedsDir: path.join(__dirname, '..', 'seeds'),
    },
    build(ctx) {
      const { config, logger, pool } = ctx;
      const metrics = createCrmMetrics(ctx.metrics);
      const issuer = loadUserTokenIssuer({
        privateKeyPem: config.JWT_PRIVATE_KEY,
        keyFile: config.JWT_KEY_FILE,
        ttlSeconds: config.JWT_TTL_SECONDS,
        inMemory: config.NODE_ENV === 'test',
      });
      const catalogue = new CatalogueClient(
        new HttpClient({
          target: 'inventory-service',
          baseUrl: config.INVENTORY_URL,
          // GET /products is public: no credential, so a secret mismatch cannot break the catalogue.
          timeoutMs: config.INVENTORY_TIMEOUT_MS,
        }),
        { cacheMs: config.CATALOGUE_CACHE_MS, staleMs: config.CATALOGUE_STALE_MS, logger },
      );
      const supplyOrders = new SupplyOrdersClient(
        new HttpClient({
          target: 'order-service',
          baseUrl: config.ORDER_SERVICE_URL,
          timeoutMs: config.ORDER_SERVICE_TIMEOUT_MS,
          retries: config.ORDER_SERVICE_RETRIES,
          token: ctx.serviceTokens.token,
        }),
      );
      const checkout = new Checkout({
        pool,
        catalogue,
        supplyOrders,
        metrics,
        logger,
        replayWaitMs: config.ORDER_REPLAY_WAIT_MS,
      });
      // Prepares the stand-in hash now so the first unknown-email login is not the odd one out.
      void burnPasswordCheck('warm-up');
      const signIn = new SignIn({
        pool,
        issuer,
        metrics,
        limiter: new LoginLimiter({
          maxFailures: config.LOGIN_MAX_FAILURES,
          windowMs: config.LOGIN_WINDOW_MS,
        }),
      });

      const app = createServiceApp({
        service: 'crm-api',
        logger,
        metrics: ctx.metrics,
        lifecycle: ctx.lifecycle,
        bodyLimit: config.BODY_LIMIT,
      });
      // crm-api issues the user tokens, so it checks them with its own key: no JWKS round trip.
      app.use(
        authenticate({ serviceSecret: config.SERVICE_AUTH_SECRET, userKeys: issuer.keyStore() }),
      );
      const api = new ApiRouter({
        title: 'crm-api',
        version: '0.1.0',
        description: 'Customers, customer-facing orders with idempotent checkout, and sign-in.',
      });
      registerAuthRoutes(api, { signIn, issuer });
      registerCustomerRoutes(api, { customers: new Customers(pool) });
      registerOrderRoutes(api, { checkout, db: pool });
      registerEventRoutes(api, { pool, checkout, logger });
      app.use(api.router);
      const openApi = api.document();
      app.get('/openapi.json', (_req, res) => {
        res.json(openApi);
      });
      finishApp(app);

      const reconciler = BackgroundLoop.run(
        ctx.lifecycle,
        new BackgroundLoop(
          'order-reconciler',
          config.ORDER_RECONCILE_INTERVAL_MS,
          () =>
            checkout.reconcilePending({
              minAgeMs: config.ORDER_RECONCILE_MIN_AGE_MS,
              limit: config.ORDER_RECONCILE_BATCH,
            }),
          logger,
        ),
      );
      const relay = startOutboxRelay(ctx, { schema: SCHEMA, source: 'crm-api' });
      hooks.onBuilt?.({ issuer, checkout, catalogue, reconciler, relay });
      return app;
    },
  };
}

export const crmApiDefinition = createCrmApiDefinition();
