import { createCrmApiDefinition, type CrmApiHandles } from '@globalretail/crm-api';
import { inventoryDefinition } from '@globalretail/inventory-service';
import { logisticsDefinition } from '@globalretail/logistics-service';
import { orderServiceDefinition } from '@globalretail/order-service';
import {
  createTestDatabase,
  eventually,
  freePort,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import type { CrmAnalyticsConfig } from '../../src/config';
import { crmAnalyticsDefinition } from '../../src/service';
import { call } from './http';

export interface SalesStack {
  db: TestDatabase;
  crm: TestService<unknown>;
  crmHandles: CrmApiHandles;
  inventory: TestService<unknown>;
  logistics: TestService<unknown>;
  orders: TestService<unknown>;
  /** The current crm-analytics instance (replaced by {@link SalesStack.startAnalytics}). */
  analytics: TestService<CrmAnalyticsConfig>;
  analyticsUrl: string;
  stopAnalytics(): Promise<void>;
  /** A new crm-analytics process on the same port and database (a restart). */
  startAnalytics(): Promise<void>;
  /** Waits until crm-api's relay has delivered every outbox event to crm-analytics. */
  relayed(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * crm-api, inventory-service, logistics-service, order-service and crm-analytics in this
 * process over real HTTP on loopback ports, sharing one fresh copy of the seeded database,
 * wired like tools/test/system/stack.ts plus crm-api's outbox subscriber crm-analytics.
 */
export async function startSalesStack(): Promise<SalesStack> {
  const db = await createTestDatabase({ poolMax: 10 });
  const crmPort = await freePort();
  const analyticsPort = await freePort();
  const crmUrl = `http://127.0.0.1:${crmPort}`;
  const analyticsUrl = `http://127.0.0.1:${analyticsPort}`;
  const common = { JWKS_URL: `${crmUrl}/.well-known/jwks.json`, DB_POOL_MAX: '8' };
  const inventory = await startTestService(inventoryDefinition, {
    databaseUrl: db.url,
    env: { ...common, RESERVATION_SWEEP_INTERVAL_MS: '3600000' },
  });
  const logistics = await startTestService(logisticsDefinition, {
    databaseUrl: db.url,
    env: { ...common, CARRIER_CLOCK_ENABLED: 'false' },
  });
  const orders = await startTestService(orderServiceDefinition, {
    databaseUrl: db.url,
    env: {
      ...common,
      INVENTORY_URL: inventory.url,
      LOGISTICS_URL: logistics.url,
      OUTBOX_SUBSCRIBERS: `crm-api=${crmUrl}/events`,
      OUTBOX_RELAY_INTERVAL_MS: '50',
    },
  });
  let crmHandles: CrmApiHandles | undefined;
  const crm = await startTestService(createCrmApiDefinition({ onBuilt: (h) => (crmHandles = h) }), {
    databaseUrl: db.url,
    port: crmPort,
    env: {
      ...common,
      ORDER_SERVICE_URL: orders.url,
      INVENTORY_URL: inventory.url,
      OUTBOX_SUBSCRIBERS: `crm-analytics=${analyticsUrl}/events`,
      OUTBOX_RELAY_INTERVAL_MS: '50',
      ORDER_RECONCILE_INTERVAL_MS: '3600000',
    },
  });
  const startAnalytics = () =>
    startTestService(crmAnalyticsDefinition, {
      databaseUrl: db.url,
      port: analyticsPort,
      env: { ...common },
    });

  const stack: SalesStack = {
    db,
    crm,
    crmHandles: crmHandles!,
    inventory,
    logistics,
    orders,
    analytics: await startAnalytics(),
    analyticsUrl,
    async stopAnalytics() {
      await stack.analytics.stop();
    },
    async startAnalytics() {
      stack.analytics = await startAnalytics();
    },
    async relayed() {
      await eventually(async () => {
        const { rows } = await db.pool.query<{ pending: number }>(
          `SELECT count(*)::int AS pending FROM crm.outbox o
            WHERE NOT EXISTS (SELECT 1 FROM crm.outbox_deliveries d
                               WHERE d.subscriber = 'crm-analytics' AND d.outbox_id = o.id)`,
        );
        return rows[0]!.pending === 0;
      }, 15_000);
    },
    async stop() {
      for (const s of [stack.analytics, crm, orders, logistics, inventory]) await s.stop();
      await db.drop();
    },
  };
  return stack;
}

export async function login(stack: SalesStack, email: string, password = 'demo-password') {
  const res = await call(stack.crm.url, 'POST', '/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return { token: res.body.token as string, userId: res.body.user.id as string };
}
