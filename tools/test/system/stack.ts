import { crmApiDefinition } from '@globalretail/crm-api';
import { inventoryDefinition } from '@globalretail/inventory-service';
import { logisticsDefinition } from '@globalretail/logistics-service';
import { orderServiceDefinition } from '@globalretail/order-service';
import {
  createTestDatabase,
  freePort,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';

export interface Stack {
  db: TestDatabase;
  crm: TestService<unknown>;
  inventory: TestService<unknown>;
  logistics: TestService<unknown>;
  orders: TestService<unknown>;
  stop(): Promise<void>;
}

/**
 * The four backend services in this process, wired to each other over real HTTP on
 * loopback ports and sharing one fresh copy of the seeded database: the same topology as
 * `tools/start.sh`, minus the process boundaries.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const db = await createTestDatabase({ poolMax: 40 });
  const crmPort = await freePort();
  const crmUrl = `http://127.0.0.1:${crmPort}`;
  const common = { JWKS_URL: `${crmUrl}/.well-known/jwks.json`, DB_POOL_MAX: '20', ...env };
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
  const crm = await startTestService(crmApiDefinition, {
    databaseUrl: db.url,
    port: crmPort,
    env: { ...common, ORDER_SERVICE_URL: orders.url, INVENTORY_URL: inventory.url },
  });
  return {
    db,
    crm,
    inventory,
    logistics,
    orders,
    async stop() {
      for (const s of [crm, orders, logistics, inventory]) await s.stop();
      await db.drop();
    },
  };
}

export async function login(
  stack: Stack,
  email: string,
): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${stack.crm.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-password' }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

export async function placeOrder(
  stack: Stack,
  token: string,
  idempotencyKey: string,
  body: unknown,
): Promise<{
  status: number;
  text: string;
  json: Record<string, unknown> & { error?: { code: string } };
}> {
  const res = await fetch(`${stack.crm.url}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

export async function stockOf(stack: Stack, sku: string) {
  const { rows } = await stack.db.pool.query<{ on_hand: number; reserved: number }>(
    'SELECT sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved FROM inventory.stock WHERE sku = $1',
    [sku],
  );
  return rows[0]!;
}
