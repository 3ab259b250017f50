/**
 * @jest-environment ./test/support/native-esm-environment.js
 *
 * The gateway in front of the real order core: crm-api, inventory-service, logistics-service
 * and order-service in this process on one copy of the seeded database, wired like
 * tools/start.sh. The pages and analytics are stand-ins (they would need the whole stack).
 */
import { randomUUID } from 'node:crypto';
import {
  StandIn,
  call,
  startTestGateway,
  upstreamEnv,
  type Reply,
  type TestGateway,
} from './helpers';
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

const AVA = 'c0000000-0000-4000-8000-000000000001';
const ELIAS = 'c0000000-0000-4000-8000-000000000002';

let db: TestDatabase;
let services: TestService<unknown>[] = [];
let pages: StandIn[] = [];
let gateway: TestGateway;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 40 });
  const crmUrl = `http://127.0.0.1:${await freePort()}`;
  const common = { JWKS_URL: `${crmUrl}/.well-known/jwks.json`, DB_POOL_MAX: '10' };
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
    port: Number(new URL(crmUrl).port),
    env: { ...common, ORDER_SERVICE_URL: orders.url, INVENTORY_URL: inventory.url },
  });
  services = [crm, orders, logistics, inventory];
  pages = await Promise.all(
    (['crm-ui', 'tracking-ui', 'crm-analytics', 'analytics-service'] as const).map((n) =>
      new StandIn(n).start(),
    ),
  );
  gateway = await startTestGateway({
    ...upstreamEnv({
      'crm-api': crm.url,
      'inventory-service': inventory.url,
      'logistics-service': logistics.url,
      'order-service': orders.url,
      ...Object.fromEntries(pages.map((p) => [p.name, p.url])),
    }),
    JWKS_URL: common.JWKS_URL,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all(pages.map((p) => p.stop()));
  for (const s of services) await s.stop();
  await db?.drop();
});

async function signIn(email: string): Promise<string> {
  const reply = await call('POST', `${gateway.url}/api/auth/login`, {
    json: { email, password: 'demo-password' },
  });
  expect(reply.status).toBe(200);
  return reply.body.token;
}

async function onHand(sku: string, warehouseId: string): Promise<number> {
  const { rows } = await db.pool.query<{ on_hand: number }>(
    'SELECT on_hand FROM inventory.stock WHERE sku = $1 AND warehouse_id = $2',
    [sku, warehouseId],
  );
  return rows[0]!.on_hand;
}

it('is ready when the four services behind it are', async () => {
  const reply = await call('GET', `${gateway.url}/readyz`);
  expect(reply.status).toBe(200);
  expect(reply.body.checks).toMatchObject({
    'crm-api': 'ok',
    'inventory-service': 'ok',
    'logistics-service': 'ok',
    'order-service': 'ok',
  });
});

it("signs in through the gateway with crm-api's real keys; crm-api still guards its data", async () => {
  const ava = await signIn('ava@globalretail.example');
  const own = await call('GET', `${gateway.url}/api/customers/${AVA}`, { token: ava });
  expect(own.status).toBe(200);
  expect(own.body.email).toBe('ava@globalretail.example');
  // The gateway admits any signed-in caller; ownership is decided where the data lives.
  const other = await call('GET', `${gateway.url}/api/customers/${ELIAS}`, { token: ava });
  expect(other.status).toBe(404);
  expect((await call('GET', `${gateway.url}/api/customers/${AVA}`)).status).toBe(401);
});

it('serves the catalogue, warehouses and stock to anyone', async () => {
  const products = await call('GET', `${gateway.url}/api/products`);
  expect(products.status).toBe(200);
  expect(products.body.products.map((p: { sku: string }) => p.sku)).toContain('GR-1001');
  expect((await call('GET', `${gateway.url}/api/products/GR-1001`)).body.sku).toBe('GR-1001');
  const warehouses = await call('GET', `${gateway.url}/api/warehouses`);
  expect(warehouses.body.warehouses.length).toBeGreaterThanOrEqual(2);
  const stock = await call('GET', `${gateway.url}/api/inventory/GR-1001`);
  expect(stock.status).toBe(200);
});

it('lets only operators set stock: anonymous 401 and customer 403 never reach inventory', async () => {
  const before = await onHand('GR-1002', 'wh-us-east-1');
  const put = (token?: string): Promise<Reply> =>
    call('PUT', `${gateway.url}/api/inventory/GR-1002`, {
      token,
      json: { warehouseId: 'wh-us-east-1', onHand: before + 7, reason: 'gateway test' },
    });
  expect((await put()).status).toBe(401);
  expect((await put(await signIn('ava@globalretail.example'))).status).toBe(403);
  expect(await onHand('GR-1002', 'wh-us-east-1')).toBe(before);
  const byOperator = await put(await signIn('ops@globalretail.example'));
  expect(byOperator.status).toBe(200);
  expect(await onHand('GR-1002', 'wh-us-east-1')).toBe(before + 7);
});

it('places an order end to end and tracks it, with one request id across every hop', async () => {
  const ava = await signIn('ava@globalretail.example');
  const requestId = `gw-test-${randomUUID()}`;
  const placed = await call('POST', `${gateway.url}/api/orders`, {
    token: ava,
    json: { lines: [{ sku: 'GR-1001', quantity: 1 }] },
    headers: { 'idempotency-key': randomUUID(), 'x-request-id': requestId },
  });
  expect(placed.status).toBe(201);
  expect(placed.body.status).toBe('CONFIRMED');
  expect(placed.headers['x-request-id']).toBe(requestId);
  const orderId = placed.body.id as string;

  // crm-api recorded the order under the gateway's request id, and so did order-service,
  // which crm-api called: the id travelled gateway -> crm-api -> order-service.
  const idsIn = async (schema: string) =>
    (
      await db.pool.query<{ request_id: string }>(
        `SELECT DISTINCT request_id FROM ${schema}.outbox WHERE request_id = $1`,
        [requestId],
      )
    ).rows.length;
  expect(await idsIn('crm')).toBe(1);
  expect(await idsIn('orders')).toBe(1);

  const read = await call('GET', `${gateway.url}/api/orders/${orderId}`, { token: ava });
  expect(read.body.id).toBe(orderId);
  const trackingNumber = placed.body.trackingNumbers[0] as string;
  const tracking = await call('GET', `${gateway.url}/api/tracking/${trackingNumber}`);
  expect(tracking.status).toBe(200);
  expect(tracking.body.trackingNumber).toBe(trackingNumber);
  expect(tracking.body.events.length).toBeGreaterThanOrEqual(1);
});
