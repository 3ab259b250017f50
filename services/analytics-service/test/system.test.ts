/**
 * End to end: real inventory-service, logistics-service and order-service in this process
 * (real HTTP, one real database), their outbox relays pointed at analytics-service through
 * OUTBOX_SUBSCRIBERS. Orders succeed, split, fail; stock is counted; the carrier clock moves
 * shipments (some delayed); analytics is stopped while events keep happening and restarted.
 * Every figure is then checked against the producers' own tables.
 */
import { randomUUID } from 'node:crypto';
import { inventoryDefinition } from '@globalretail/inventory-service';
import { createLogisticsService, type LogisticsHandles } from '@globalretail/logistics-service';
import { orderServiceDefinition } from '@globalretail/order-service';
import {
  createTestDatabase,
  eventually,
  freePort,
  serviceToken,
  startTestService,
  TestIdentity,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import { call, startAnalytics, type Analytics } from './helpers';

let db: TestDatabase;
let identity: TestIdentity;
let inventory: TestService<unknown>;
let logistics: TestService<unknown>;
let logisticsHandles: LogisticsHandles;
let orders: TestService<unknown>;
let analytics: Analytics;
let analyticsPort: number;
let operator: string;
const SERVICE = `Bearer ${serviceToken('crm-api')}`;

const address = {
  us: { name: 'Ava Test', line1: '1 Main St', city: 'Boston', postalCode: '02110', country: 'US' },
  de: { name: 'Bo Test', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  ie: { name: 'Cy Test', line1: '1 Quay', city: 'Dublin', postalCode: 'D02 X285', country: 'IE' },
};

const startAnalyticsHere = () =>
  startAnalytics(db, {
    port: analyticsPort,
    env: {
      JWKS_URL: identity.jwksUrl,
      INVENTORY_URL: inventory.url,
      STOCK_BOOTSTRAP_ENABLED: 'true',
      STOCK_BOOTSTRAP_RETRY_MS: '200',
    },
  });

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 60 });
  identity = await new TestIdentity().start();
  operator = `Bearer ${identity.operatorToken()}`;
  analyticsPort = await freePort();
  const relay = {
    JWKS_URL: identity.jwksUrl,
    OUTBOX_SUBSCRIBERS: `analytics-service=http://127.0.0.1:${analyticsPort}/events`,
    OUTBOX_RELAY_INTERVAL_MS: '50',
  };
  inventory = await startTestService(inventoryDefinition, {
    databaseUrl: db.url,
    env: { ...relay, RESERVATION_SWEEP_INTERVAL_MS: '3600000' },
  });
  // Every third in-transit leg runs into a delay: those deliveries come after their ETA.
  let roll = 0;
  const logisticsService = createLogisticsService({ random: () => (roll++ % 3 === 0 ? 0.1 : 0.9) });
  logistics = await startTestService(logisticsService.definition, {
    databaseUrl: db.url,
    env: { ...relay, CARRIER_CLOCK_ENABLED: 'false', CARRIER_EXCEPTION_RATE: '0.5' },
  });
  logisticsHandles = logisticsService.handles;
  orders = await startTestService(orderServiceDefinition, {
    databaseUrl: db.url,
    env: {
      ...relay,
      INVENTORY_URL: inventory.url,
      LOGISTICS_URL: logistics.url,
      SAGA_RECOVERY_INTERVAL_MS: '3600000',
    },
  });
  analytics = await startAnalyticsHere();
  await eventually(() => analytics.handles.bootstrap.done);
});

afterAll(async () => {
  for (const s of [analytics, orders, logistics, inventory]) await s?.stop();
  await identity?.stop();
  await db?.drop();
});

async function placeOrder(
  region: 'us-east-1' | 'eu-west-1',
  lines: { sku: string; quantity: number }[],
  shipTo: Record<string, string>,
  serviceLevel: 'standard' | 'express' = 'standard',
): Promise<string> {
  const res = await call(orders.url, '/supply-orders', {
    method: 'POST',
    auth: SERVICE,
    body: { orderId: randomUUID(), customerId: randomUUID(), region, lines, shipTo, serviceLevel },
  });
  expect(res.status).toBe(201);
  return res.body.status;
}

async function setStock(sku: string, warehouseId: string, onHand: number) {
  const res = await call(inventory.url, `/inventory/${sku}`, {
    method: 'PUT',
    auth: SERVICE,
    body: { warehouseId, onHand, reason: 'cycle count' },
  });
  expect(res.status).toBe(200);
}

/** Moves every due shipment one step, `times` times, as if days had passed. */
async function runCarrierClock(times: number) {
  for (let i = 0; i < times; i++) {
    await logisticsHandles.clock.tick(new Date(Date.now() + 30 * 86_400_000));
  }
}

async function allDelivered() {
  for (const schema of ['inventory', 'logistics', 'orders']) {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${schema}.outbox o
        WHERE NOT EXISTS (SELECT 1 FROM ${schema}.outbox_deliveries d
                           WHERE d.subscriber = 'analytics-service' AND d.outbox_id = o.id)`,
    );
    if (rows[0]!.n > 0) return false;
  }
  return true;
}

const get = async (path: string) => {
  const res = await call(analytics.url, path, { auth: operator });
  expect(res.status).toBe(200);
  return res.body;
};

describe('analytics fed by the real producers', () => {
  beforeAll(async () => {
    // Running: ordinary, cross-region, split and failing orders, and a stock count.
    expect(
      await placeOrder(
        'us-east-1',
        [
          { sku: 'GR-1001', quantity: 2 },
          { sku: 'GR-1023', quantity: 1 },
        ],
        address.us,
        'express',
      ),
    ).toBe('CONFIRMED');
    expect(await placeOrder('eu-west-1', [{ sku: 'GR-1012', quantity: 3 }], address.de)).toBe(
      'CONFIRMED',
    );
    expect(await placeOrder('us-east-1', [{ sku: 'GR-1024', quantity: 2 }], address.us)).toBe(
      'CONFIRMED',
    );
    expect(await placeOrder('us-east-1', [{ sku: 'GR-1012', quantity: 55 }], address.us)).toBe(
      'CONFIRMED',
    );
    expect(await placeOrder('us-east-1', [{ sku: 'GR-1012', quantity: 10 }], address.us)).toBe(
      'FAILED',
    );
    await setStock('GR-1015', 'wh-eu-west-1', 8);
    await runCarrierClock(8);
    await eventually(allDelivered, 15_000);

    // analytics goes away; the business does not wait for it.
    await analytics.stop();
    expect(await placeOrder('us-east-1', [{ sku: 'GR-1002', quantity: 4 }], address.us)).toBe(
      'CONFIRMED',
    );
    expect(
      await placeOrder('eu-west-1', [{ sku: 'GR-1003', quantity: 2 }], address.ie, 'express'),
    ).toBe('CONFIRMED');
    expect(await placeOrder('us-east-1', [{ sku: 'GR-1012', quantity: 30 }], address.us)).toBe(
      'FAILED',
    );
    await setStock('GR-1003', 'wh-us-east-1', 200);
    await runCarrierClock(2);

    // Back: the relays redeliver what it missed, and it takes a fresh snapshot meanwhile.
    analytics = await startAnalyticsHere();
    expect(await placeOrder('us-east-1', [{ sku: 'GR-1004', quantity: 1 }], address.us)).toBe(
      'CONFIRMED',
    );
    await runCarrierClock(1);
    await eventually(allDelivered, 15_000);
    await eventually(() => analytics.handles.bootstrap.done);
  });

  it('live stock equals inventory-service stock, row for row', async () => {
    const { rows: truth } = await db.pool.query<{
      sku: string;
      warehouse_id: string;
      on_hand: number;
      reserved: number;
    }>(
      'SELECT sku, warehouse_id, on_hand, reserved FROM inventory.stock ORDER BY sku, warehouse_id',
    );
    const body = await get('/supply/stock');
    expect(
      body.rows.map(
        (r: { sku: string; warehouseId: string; onHand: number; reserved: number }) => ({
          sku: r.sku,
          warehouse_id: r.warehouseId,
          on_hand: r.onHand,
          reserved: r.reserved,
        }),
      ),
    ).toEqual(truth);
    expect(body.rows.every((r: { basis: string }) => r.basis !== 'movements-only')).toBe(true);
    expect(body.snapshot.products).toBe(24);
  });

  it('low-stock alerts match the stock.low events inventory-service wrote', async () => {
    const { rows } = await db.pool.query<{ sku: string; warehouse_id: string }>(
      `SELECT payload->>'sku' AS sku, payload->>'warehouseId' AS warehouse_id
         FROM inventory.outbox WHERE event_type = 'stock.low' ORDER BY id DESC`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const body = await get('/supply/low-stock?limit=500');
    expect(body.totalAlerts).toBe(rows.length);
    expect(
      body.alerts.map((a: { sku: string; warehouseId: string }) => ({
        sku: a.sku,
        warehouse_id: a.warehouseId,
      })),
    ).toEqual(rows);
    const { rows: lowNow } = await db.pool.query<{ sku: string }>(
      `SELECT sku FROM inventory.stock WHERE on_hand - reserved <= low_stock_threshold ORDER BY sku, warehouse_id`,
    );
    expect(body.currentlyLow.map((r: { sku: string }) => r.sku)).toEqual(lowNow.map((r) => r.sku));
  });

  it('shipments by status and region equal logistics-service shipments', async () => {
    const { rows } = await db.pool.query<{ region: string; status: string; n: number }>(
      `SELECT origin_region AS region, status, count(*)::int AS n FROM logistics.shipments
        WHERE tracking_number IS NOT NULL GROUP BY 1, 2`,
    );
    const body = await get('/supply/shipments');
    expect(body.total).toBe(rows.reduce((s, r) => s + r.n, 0));
    for (const r of rows) {
      const region = body.byRegion.find((b: { region: string }) => b.region === r.region);
      expect(region.byStatus[r.status]).toBe(r.n);
    }
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses.has('DELIVERED')).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
  });

  it('on-time delivery equals DELIVERED scans against the ETA logistics gave at creation', async () => {
    const { rows } = await db.pool.query<{ region: string; delivered: number; on_time: number }>(
      `SELECT s.origin_region AS region, count(*)::int AS delivered,
              count(*) FILTER (WHERE e.occurred_at <= s.created_at + s.planned_transit_ms * interval '1 millisecond')::int AS on_time
         FROM logistics.shipments s
         JOIN logistics.tracking_events e ON e.shipment_id = s.id AND e.status = 'DELIVERED'
        GROUP BY 1 ORDER BY 1`,
    );
    const body = await get('/supply/on-time');
    expect(
      body.byRegion.map((r: { region: string; delivered: number; onTime: number }) => ({
        region: r.region,
        delivered: r.delivered,
        on_time: r.onTime,
      })),
    ).toEqual(rows);
    const late = rows.reduce((s, r) => s + r.delivered - r.on_time, 0);
    expect(late).toBeGreaterThan(0); // the delayed ones
    expect(body.late).toBe(late);
  });

  it('fill rate and orders per minute equal order-service supply orders', async () => {
    const { rows } = await db.pool.query<{ status: string; units: number; n: number }>(
      `SELECT status, count(*)::int AS n,
              sum((SELECT sum((l->>'quantity')::int) FROM jsonb_array_elements(lines) l))::int AS units
         FROM orders.supply_orders WHERE status IN ('CONFIRMED', 'FAILED') GROUP BY status`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r]));
    const body = await get('/supply/fill-rate');
    expect(body.orders).toEqual({
      confirmed: by.CONFIRMED!.n,
      failed: by.FAILED!.n,
      total: by.CONFIRMED!.n + by.FAILED!.n,
    });
    expect(body.unitsOrdered).toBe(by.CONFIRMED!.units + by.FAILED!.units);
    expect(body.unitsConfirmed).toBe(by.CONFIRMED!.units);
    expect(body.fillRate).toBe(
      Math.round((by.CONFIRMED!.units / body.unitsOrdered) * 10_000) / 10_000,
    );
    const perMinute = await get('/supply/orders-per-minute');
    expect(perMinute.total).toBe(body.orders.total);
  });
});
