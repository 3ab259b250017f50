/**
 * The saga against real inventory-service and logistics-service (in-process, real HTTP,
 * one real PostgreSQL database): happy path, out of stock, idempotent hand-off, and a
 * simulated crash at every step followed by a restart that must finish or compensate.
 */
import { randomUUID } from 'node:crypto';
import { inventoryDefinition } from '@globalretail/inventory-service';
import { logisticsDefinition } from '@globalretail/logistics-service';
import {
  createTestDatabase,
  serviceToken,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import {
  orderServiceDefinition,
  orderServiceHandles,
  SimulatedCrash,
  testHooks,
  type SagaHooks,
} from '../src';

let db: TestDatabase;
let inventory: TestService<unknown>;
let logistics: TestService<unknown>;
const token = serviceToken('crm-api');
const LEASE_MS = 300;

beforeAll(async () => {
  db = await createTestDatabase();
  inventory = await startTestService(inventoryDefinition, {
    databaseUrl: db.url,
    env: { RESERVATION_SWEEP_INTERVAL_MS: '3600000' },
  });
  logistics = await startTestService(logisticsDefinition, {
    databaseUrl: db.url,
    env: { CARRIER_CLOCK_ENABLED: 'false' },
  });
});
afterAll(async () => {
  await logistics?.stop();
  await inventory?.stop();
  await db?.drop();
});

async function startOrderService(hooks?: SagaHooks) {
  testHooks.saga = hooks;
  try {
    return await startTestService(orderServiceDefinition, {
      databaseUrl: db.url,
      env: {
        INVENTORY_URL: inventory.url,
        LOGISTICS_URL: logistics.url,
        SAGA_LEASE_MS: String(LEASE_MS),
        SAGA_RECOVERY_INTERVAL_MS: '3600000',
        SAGA_RETRY_BASE_MS: '10',
      },
    });
  } finally {
    testHooks.saga = undefined;
  }
}

const US_ADDRESS = {
  name: 'Ava Test',
  line1: '1 Main St',
  city: 'Columbus',
  postalCode: '43004',
  country: 'US',
};

function supplyOrder(
  lines: { sku: string; quantity: number }[],
  shipTo: Record<string, string> = US_ADDRESS,
) {
  return { orderId: randomUUID(), customerId: randomUUID(), region: 'us-east-1', lines, shipTo };
}

interface Answer {
  id: string;
  status: string;
  failureCode?: string;
  trackingNumbers: string[];
  error?: { code: string };
}

async function post(service: { url: string }, body: unknown) {
  const res = await fetch(`${service.url}/supply-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

async function stockOf(sku: string) {
  const { rows } = await db.pool.query<{ on_hand: number; reserved: number }>(
    'SELECT sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved FROM inventory.stock WHERE sku = $1',
    [sku],
  );
  return rows[0]!;
}

async function liveShipments(orderSupplyId: string) {
  const { rows } = await db.pool.query<{ id: string; status: string }>(
    "SELECT id, status FROM logistics.shipments WHERE order_id = $1 AND status <> 'CANCELLED'",
    [orderSupplyId],
  );
  return rows;
}

async function setStock(sku: string, perWarehouse: Record<string, number>) {
  for (const [warehouse, onHand] of Object.entries(perWarehouse)) {
    await db.pool.query(
      'UPDATE inventory.stock SET on_hand = $3, reserved = 0 WHERE sku = $1 AND warehouse_id = $2',
      [sku, warehouse, onHand],
    );
  }
}

describe('order saga', () => {
  let orders: TestService<unknown>;
  beforeAll(async () => {
    orders = await startOrderService();
  });
  afterAll(() => orders.stop());

  it('confirms an order: stock committed, a shipment with a tracking number, an event in the outbox', async () => {
    await setStock('GR-1002', { 'wh-us-east-1': 10, 'wh-eu-west-1': 10 });
    const { status, body } = await post(orders, supplyOrder([{ sku: 'GR-1002', quantity: 3 }]));
    expect(status).toBe(201);
    expect(body.status).toBe('CONFIRMED');
    expect(body.trackingNumbers).toHaveLength(1);
    expect(await stockOf('GR-1002')).toEqual({ on_hand: 17, reserved: 0 });
    expect(await liveShipments(body.id)).toHaveLength(1);
    const { rows } = await db.pool.query(
      'SELECT event_type FROM orders.outbox WHERE aggregate_id = $1',
      [body.id],
    );
    expect(rows.map((r) => r.event_type)).toEqual(['supply-order.confirmed']);
  });

  it('fails an order that cannot be filled, holding nothing', async () => {
    await setStock('GR-1003', { 'wh-us-east-1': 1, 'wh-eu-west-1': 0 });
    const { status, body } = await post(orders, supplyOrder([{ sku: 'GR-1003', quantity: 2 }]));
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'FAILED', failureCode: 'INSUFFICIENT_STOCK' });
    expect(await stockOf('GR-1003')).toEqual({ on_hand: 1, reserved: 0 });
    expect(await liveShipments(body.id)).toHaveLength(0);
  });

  it('runs one saga for one crm order however often it is handed over', async () => {
    await setStock('GR-1004', { 'wh-us-east-1': 100, 'wh-eu-west-1': 0 });
    const request = supplyOrder([{ sku: 'GR-1004', quantity: 1 }]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(orders, request)));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.every((a) => a.body.status === 'CONFIRMED')).toBe(true);
    expect(await stockOf('GR-1004')).toEqual({ on_hand: 99, reserved: 0 });
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM orders.supply_orders WHERE order_id = $1',
      [request.orderId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM orders.supply_orders');
    const good = supplyOrder([{ sku: 'GR-1005', quantity: 1 }]);
    const bad: unknown[] = [
      { ...good, orderId: 'not-a-uuid' },
      { ...good, lines: [] },
      { ...good, lines: [{ sku: 'GR-1005', quantity: 0 }] },
      { ...good, lines: [{ sku: 'GR-1005', quantity: 2.5 }] },
      { ...good, region: 'mars-1' },
      { ...good, shipTo: { ...US_ADDRESS, country: 'United States' } },
      { ...good, extra: "'; DROP TABLE orders.supply_orders; --" },
    ];
    for (const body of bad) {
      const res = await post(orders, body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
    }
    const unauthenticated = await fetch(`${orders.url}/supply-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(good),
    });
    expect(unauthenticated.status).toBe(401);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM orders.supply_orders');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

type CrashPoint = { phase: 'beforeStep' | 'afterCall'; step: string };

const FORWARD_CRASHES: CrashPoint[] = [
  'RESERVE_STOCK',
  'CREATE_SHIPMENTS',
  'COMMIT_RESERVATION',
].flatMap((step) => [
  { phase: 'beforeStep' as const, step },
  { phase: 'afterCall' as const, step },
]);
const COMPENSATION_CRASHES: CrashPoint[] = ['CANCEL_SHIPMENTS', 'RELEASE_RESERVATION'].flatMap(
  (step) => [
    { phase: 'beforeStep' as const, step },
    { phase: 'afterCall' as const, step },
  ],
);

function crashAt(point: CrashPoint): SagaHooks {
  const hook = (_order: unknown, step: string) => {
    if (step === point.step) throw new SimulatedCrash(`${point.phase} ${step}`);
  };
  return point.phase === 'beforeStep' ? { beforeStep: hook } : { afterCall: hook };
}

/** Crashes one process at `point`, then starts a fresh one and lets its recovery loop run. */
async function crashAndRecover(point: CrashPoint, request: ReturnType<typeof supplyOrder>) {
  const doomed = await startOrderService(crashAt(point));
  const first = await post(doomed, request);
  expect(first.status).toBe(202);
  expect(first.body.status).toBe('PENDING');
  await doomed.stop();

  const restarted = await startOrderService();
  try {
    await new Promise((r) => setTimeout(r, LEASE_MS + 100));
    const { recovery, repository } = orderServiceHandles(restarted.app)!;
    await recovery.runOnce();
    const order = await repository.findByOrderId(request.orderId);
    return order!;
  } finally {
    await restarted.stop();
  }
}

describe('a process killed mid-saga', () => {
  it.each(FORWARD_CRASHES)(
    'at $phase $step: the order is confirmed after restart, stock committed once',
    async (point) => {
      const sku = 'GR-1010';
      await setStock(sku, { 'wh-us-east-1': 20, 'wh-eu-west-1': 0 });
      const order = await crashAndRecover(point, supplyOrder([{ sku, quantity: 2 }]));
      expect(order.status).toBe('CONFIRMED');
      expect(await stockOf(sku)).toEqual({ on_hand: 18, reserved: 0 });
      expect(await liveShipments(order.id)).toHaveLength(1);
    },
  );

  it.each(COMPENSATION_CRASHES)(
    'at $phase $step: the order is compensated after restart, nothing held',
    async (point) => {
      const sku = 'GR-1011';
      await setStock(sku, { 'wh-us-east-1': 20, 'wh-eu-west-1': 0 });
      // logistics refuses this destination, so the saga compensates after the reservation.
      const request = supplyOrder([{ sku, quantity: 2 }], { ...US_ADDRESS, country: 'AQ' });
      const order = await crashAndRecover(point, request);
      expect(order.status).toBe('FAILED');
      expect(order.failureCode).toBe('UNSUPPORTED_DESTINATION');
      expect(await stockOf(sku)).toEqual({ on_hand: 20, reserved: 0 });
      expect(await liveShipments(order.id)).toHaveLength(0);
      const { rows } = await db.pool.query(
        'SELECT status FROM inventory.reservations WHERE id = $1',
        [order.reservationId],
      );
      expect(rows[0]?.status).toBe('RELEASED');
    },
  );
});
