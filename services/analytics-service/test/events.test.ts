/**
 * Event consumption: every consumed type updates its projection; duplicates, redeliveries in
 * any order, malformed payloads and a restart never double count. Expected figures are
 * computed here from the events themselves, independently of the service's SQL.
 */
import { randomUUID } from 'node:crypto';
import type { DeliveredEvent } from '@globalretail/service-kit';
import {
  createTestDatabase,
  TestIdentity,
  type TestDatabase,
} from '@globalretail/service-kit/testing';
import {
  call,
  EventFactory,
  payloads,
  postEvents,
  SERVICE_AUTH,
  shuffled,
  startAnalytics,
  type Analytics,
} from './helpers';

const NOW = new Date('2030-03-01T12:00:30.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const daysFromNow = (d: number) => new Date(NOW.getTime() + d * 86_400_000);

let db: TestDatabase;
let identity: TestIdentity;
let analytics: Analytics;
let operator: string;

const start = () =>
  startAnalytics(db, { env: { JWKS_URL: identity.jwksUrl }, overrides: { now: () => NOW } });

beforeAll(async () => {
  db = await createTestDatabase();
  identity = await new TestIdentity().start();
  operator = `Bearer ${identity.operatorToken()}`;
  analytics = await start();
});
afterAll(async () => {
  await analytics?.stop();
  await identity?.stop();
  await db?.drop();
});

const get = async (path: string) => {
  const res = await call(analytics.url, path, { auth: operator });
  expect(res.status).toBe(200);
  return res.body;
};

/** Applies events to stock the way inventory-service changes it, in sequence order. */
function simulateStock(events: DeliveredEvent[]) {
  const rows = new Map<string, { onHand: number; reserved: number }>();
  const row = (sku: string, wh: string) => {
    const key = `${sku}@${wh}`;
    if (!rows.has(key)) rows.set(key, { onHand: 0, reserved: 0 });
    return rows.get(key)!;
  };
  for (const e of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const p = e.payload as {
      sku: string;
      warehouseId: string;
      onHand: number;
      reserved: number;
      allocations: { warehouseId: string; lines: { sku: string; quantity: number }[] }[];
    };
    if (e.type === 'stock.adjusted' || e.type === 'stock.low') {
      Object.assign(row(p.sku, p.warehouseId), { onHand: p.onHand, reserved: p.reserved });
      continue;
    }
    for (const a of p.allocations) {
      for (const l of a.lines) {
        const r = row(l.sku, a.warehouseId);
        if (e.type === 'stock.reserved') r.reserved += l.quantity;
        if (e.type === 'stock.committed') {
          r.onHand -= l.quantity;
          r.reserved -= l.quantity;
        }
        if (e.type === 'stock.released') r.reserved -= l.quantity;
      }
    }
  }
  return rows;
}

describe('stock events', () => {
  const inv = new EventFactory('inventory-service');
  const r1 = randomUUID();
  const r2 = randomUUID();
  const r3 = randomUUID();
  const events = [
    inv.event('stock.adjusted', payloads.adjusted('TEST-A', 'wh-us-east-1', 100)),
    inv.event(
      'stock.reserved',
      payloads.reservation(r1, [
        {
          warehouseId: 'wh-us-east-1',
          lines: [
            { sku: 'TEST-A', quantity: 10 },
            { sku: 'TEST-B', quantity: 5 },
          ],
        },
      ]),
    ),
    inv.event(
      'stock.reserved',
      payloads.reservation(r2, [
        { warehouseId: 'wh-us-east-1', lines: [{ sku: 'TEST-A', quantity: 20 }] },
        { warehouseId: 'wh-eu-west-1', lines: [{ sku: 'TEST-A', quantity: 3 }] },
      ]),
    ),
    inv.event(
      'stock.committed',
      payloads.reservation(r1, [
        {
          warehouseId: 'wh-us-east-1',
          lines: [
            { sku: 'TEST-A', quantity: 10 },
            { sku: 'TEST-B', quantity: 5 },
          ],
        },
      ]),
    ),
    inv.event('stock.released', {
      ...payloads.reservation(r2, [
        { warehouseId: 'wh-us-east-1', lines: [{ sku: 'TEST-A', quantity: 20 }] },
        { warehouseId: 'wh-eu-west-1', lines: [{ sku: 'TEST-A', quantity: 3 }] },
      ]),
      reason: 'expired',
    }),
    inv.event(
      'stock.reserved',
      payloads.reservation(r3, [
        { warehouseId: 'wh-us-east-1', lines: [{ sku: 'TEST-A', quantity: 60 }] },
      ]),
    ),
    // Same transaction as r3's hold: the level after it, at or below the threshold of 40.
    inv.event('stock.low', payloads.low('TEST-A', 'wh-us-east-1', 90, 60, 40)),
    inv.event('stock.adjusted', payloads.adjusted('TEST-C', 'wh-eu-west-1', 7)),
  ];
  const expected = simulateStock(events);

  interface Row {
    sku: string;
    warehouseId: string;
    onHand: number;
    reserved: number;
  }
  const stockRows = async () =>
    ((await get('/supply/stock')).rows as Row[]).filter((r) => r.sku.startsWith('TEST-'));

  it('builds live stock per SKU and warehouse, in any order of arrival, duplicates included', async () => {
    // One event per delivery, shuffled, with some delivered twice (at-least-once).
    const deliveries = shuffled([...events, events[1]!, events[6]!, events[3]!], 11);
    let handled = 0;
    let duplicates = 0;
    for (const event of deliveries) {
      const res = await postEvents(analytics.url, [event]);
      expect(res.status).toBe(200);
      handled += res.body.handled;
      duplicates += res.body.duplicates;
    }
    expect({ handled, duplicates }).toEqual({ handled: events.length, duplicates: 3 });

    const rows = await stockRows();
    expect(
      rows.map((r) => [`${r.sku}@${r.warehouseId}`, { onHand: r.onHand, reserved: r.reserved }]),
    ).toEqual([...expected.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const a = rows.find((r) => r.sku === 'TEST-A' && r.warehouseId === 'wh-us-east-1');
    expect(a).toMatchObject({
      onHand: 90,
      reserved: 60,
      available: 30,
      lowStockThreshold: 40,
      low: true,
      basis: 'event',
      region: 'us-east-1',
    });
    // Known only from movements: the level is relative (no base yet), and says so.
    expect(rows.find((r) => r.sku === 'TEST-B')).toMatchObject({
      onHand: -5,
      reserved: 0,
      basis: 'movements-only',
    });
  });

  it('filters stock by region, SKU, warehouse and low rows, with totals per warehouse', async () => {
    const eu = await get('/supply/stock?region=eu-west-1');
    expect(eu.rows.every((r: { region: string }) => r.region === 'eu-west-1')).toBe(true);
    expect(eu.rows.map((r: { sku: string }) => r.sku)).toEqual(['TEST-A', 'TEST-C']);
    expect(eu.totals).toEqual({ onHand: 7, reserved: 0, available: 7 });
    const one = await get('/supply/stock?sku=TEST-A&warehouseId=wh-us-east-1');
    expect(one.rows).toHaveLength(1);
    const low = await get('/supply/stock?lowOnly=true');
    expect(low.rows.map((r: { sku: string }) => r.sku)).toEqual(['TEST-A']);
    expect(low.lowCount).toBe(1);
    const all = await get('/supply/stock');
    const us = all.byWarehouse.find(
      (w: { warehouseId: string }) => w.warehouseId === 'wh-us-east-1',
    );
    expect(us).toMatchObject({ onHand: 85, reserved: 60, available: 25, skus: 2, lowCount: 1 });
  });

  it('lists low-stock alerts, once per stock.low event', async () => {
    const body = await get('/supply/low-stock');
    expect(body.totalAlerts).toBe(1);
    expect(body.alerts[0]).toMatchObject({
      sku: 'TEST-A',
      warehouseId: 'wh-us-east-1',
      available: 30,
      threshold: 40,
    });
    expect(body.currentlyLow.map((r: { sku: string }) => r.sku)).toEqual(['TEST-A']);
    expect((await get('/supply/low-stock?region=eu-west-1')).totalAlerts).toBe(0);
    expect((await get('/supply/low-stock?sku=TEST-C')).totalAlerts).toBe(0);
  });

  it('keeps the newer base when an older absolute level or movement arrives late', async () => {
    const late = [
      // An older level of TEST-A (lower sequence than the stock.low already applied).
      inv.event('stock.adjusted', payloads.adjusted('TEST-A', 'wh-us-east-1', 500), {
        sequence: events[0]!.sequence + 1,
      }),
      // A movement the stock.low already includes.
      inv.event(
        'stock.reserved',
        payloads.reservation(randomUUID(), [
          { warehouseId: 'wh-us-east-1', lines: [{ sku: 'TEST-A', quantity: 1 }] },
        ]),
        { sequence: events[6]!.sequence - 1 },
      ),
    ];
    expect((await postEvents(analytics.url, late)).body).toEqual({ handled: 2, duplicates: 0 });
    const a = (await get('/supply/stock?sku=TEST-A&warehouseId=wh-us-east-1')).rows[0];
    expect(a).toMatchObject({ onHand: 90, reserved: 60 });
  });
});

describe('shipment events', () => {
  const lg = new EventFactory('logistics-service');
  const created = (id: string, region: string, createdAt: Date, eta: Date) =>
    lg.event('shipment.created', payloads.shipmentCreated(id, { region, createdAt, eta }));
  const moved = (id: string, from: string, to: string, at: Date) =>
    lg.event('shipment.status_changed', payloads.statusChanged(id, from, to, at));
  const journey = (id: string, statuses: string[], start: Date, stepDays: number) =>
    statuses.slice(1).map((to, i) => moved(id, statuses[i]!, to, daysFromNow(stepDays * (i + 1))));

  const [onTime, late, picked, cancelled, fresh] = Array.from({ length: 5 }, () => randomUUID());
  const path = ['LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];
  const events = [
    created(onTime!, 'us-east-1', minutesAgo(50), daysFromNow(5)),
    ...journey(onTime!, path, NOW, 1), // delivered on day 4: before the ETA
    created(late!, 'us-east-1', minutesAgo(40), daysFromNow(2)),
    ...journey(
      late!,
      [
        'LABEL_CREATED',
        'PICKED_UP',
        'IN_TRANSIT',
        'EXCEPTION',
        'IN_TRANSIT',
        'OUT_FOR_DELIVERY',
        'DELIVERED',
      ],
      NOW,
      0.5,
    ), // delivered on day 3: after the ETA of day 2
    created(picked!, 'eu-west-1', minutesAgo(30), daysFromNow(3)),
    moved(picked!, 'LABEL_CREATED', 'PICKED_UP', daysFromNow(0.3)),
    created(cancelled!, 'eu-west-1', minutesAgo(20), daysFromNow(3)),
    moved(cancelled!, 'LABEL_CREATED', 'CANCELLED', minutesAgo(19)),
    created(fresh!, 'us-east-1', minutesAgo(5), daysFromNow(3)),
  ];

  beforeAll(async () => {
    // Status changes before creations, whole batches out of order, one batch twice.
    const mixed = shuffled(events, 5);
    const first = await postEvents(analytics.url, mixed.slice(0, 9));
    const second = await postEvents(analytics.url, mixed.slice(9));
    const again = await postEvents(analytics.url, mixed.slice(4, 12));
    expect(first.body.handled + second.body.handled).toBe(events.length);
    expect(again.body).toEqual({ handled: 0, duplicates: 8 });
  });

  it('counts shipments by their latest status and origin region', async () => {
    const body = await get('/supply/shipments');
    expect(body.total).toBe(5);
    expect(body.byStatus).toEqual({
      LABEL_CREATED: 1,
      PICKED_UP: 1,
      IN_TRANSIT: 0,
      OUT_FOR_DELIVERY: 0,
      DELIVERED: 2,
      EXCEPTION: 0,
      CANCELLED: 1,
    });
    expect(
      body.byRegion.map((r: { region: string; total: number }) => [r.region, r.total]),
    ).toEqual([
      ['eu-west-1', 2],
      ['us-east-1', 3],
    ]);
    const eu = await get('/supply/shipments?region=eu-west-1');
    expect(eu.total).toBe(2);
    expect(eu.byStatus.CANCELLED).toBe(1);
    // Created in the last 25 minutes: the cancelled one and the fresh one.
    const recent = await get(`/supply/shipments?from=${minutesAgo(25).toISOString()}`);
    expect(recent.total).toBe(2);
  });

  it('measures on-time delivery against the ETA given at creation', async () => {
    const body = await get('/supply/on-time');
    expect(body).toMatchObject({ delivered: 2, onTime: 1, late: 1, onTimeRate: 0.5 });
    expect(body.byRegion).toEqual([
      { region: 'us-east-1', delivered: 2, onTime: 1, late: 1, onTimeRate: 0.5, unknownPromise: 0 },
    ]);
    // Delivered from day 3.5 on: only the on-time one (day 4).
    const later = await get(`/supply/on-time?from=${daysFromNow(3.5).toISOString()}`);
    expect(later).toMatchObject({ delivered: 1, onTime: 1, onTimeRate: 1 });
    const eu = await get('/supply/on-time?region=eu-west-1');
    expect(eu).toMatchObject({ delivered: 0, onTimeRate: null });
  });

  it('does not move a shipment back when an older status arrives again', async () => {
    await postEvents(analytics.url, [
      lg.event(
        'shipment.status_changed',
        payloads.statusChanged(picked!, 'PICKED_UP', 'LABEL_CREATED', NOW),
        { sequence: 1 },
      ),
    ]);
    expect((await get('/supply/shipments')).byStatus.PICKED_UP).toBe(1);
  });
});

describe('supply-order events', () => {
  const orders = new EventFactory('order-service');
  const o1 = payloads.supplyOrder('CONFIRMED', [
    { sku: 'GR-1001', quantity: 2 },
    { sku: 'GR-1002', quantity: 3 },
  ]);
  const o2 = payloads.supplyOrder('FAILED', [{ sku: 'GR-1001', quantity: 10 }]);
  const o3 = payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1003', quantity: 4 }], 'eu-west-1');
  const o4 = payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1001', quantity: 1 }], 'eu-west-1');
  const events = [
    orders.event('supply-order.confirmed', o1, { occurredAt: minutesAgo(5) }),
    orders.event('supply-order.failed', o2, { occurredAt: minutesAgo(5) }),
    orders.event('supply-order.confirmed', o3, { occurredAt: minutesAgo(70) }),
    orders.event('supply-order.confirmed', o4, { occurredAt: minutesAgo(1) }),
  ];
  const units = (o: { lines: { quantity: number }[] }) =>
    o.lines.reduce((s, l) => s + l.quantity, 0);

  beforeAll(async () => {
    expect((await postEvents(analytics.url, events)).body.handled).toBe(4);
    expect((await postEvents(analytics.url, shuffled(events, 3))).body.duplicates).toBe(4);
  });

  it('computes the fill rate: units confirmed / units ordered', async () => {
    const ordered = [o1, o2, o3, o4].reduce((s, o) => s + units(o), 0);
    const confirmed = [o1, o3, o4].reduce((s, o) => s + units(o), 0);
    const body = await get('/supply/fill-rate');
    expect(body).toMatchObject({
      orders: { confirmed: 3, failed: 1, total: 4 },
      unitsOrdered: ordered,
      unitsConfirmed: confirmed,
      fillRate: Math.round((confirmed / ordered) * 10_000) / 10_000,
    });
    const us = body.byRegion.find((r: { region: string }) => r.region === 'us-east-1');
    expect(us.fillRate).toBe(Math.round((units(o1) / (units(o1) + units(o2))) * 10_000) / 10_000);
    // The last hour leaves out o3.
    const hour = await get(`/supply/fill-rate?from=${minutesAgo(60).toISOString()}`);
    expect(hour.unitsOrdered).toBe(ordered - units(o3));
    expect((await get('/supply/fill-rate?region=eu-west-1')).fillRate).toBe(1);
    const none = await get(`/supply/fill-rate?to=${minutesAgo(100).toISOString()}`);
    expect(none).toMatchObject({ unitsOrdered: 0, fillRate: null });
  });

  it('counts orders per minute over the last hour, empty minutes included', async () => {
    const body = await get('/supply/orders-per-minute');
    expect(body.buckets).toHaveLength(60);
    expect(body.total).toBe(3);
    expect(body.to).toBe('2030-03-01T12:01:00.000Z');
    const nonEmpty = body.buckets.filter((b: { total: number }) => b.total > 0);
    expect(nonEmpty).toEqual([
      { minute: '2030-03-01T11:55:00.000Z', confirmed: 1, failed: 1, total: 2 },
      { minute: '2030-03-01T11:59:00.000Z', confirmed: 1, failed: 0, total: 1 },
    ]);
    expect((await get('/supply/orders-per-minute?region=eu-west-1')).total).toBe(1);
    expect((await get('/supply/orders-per-minute?minutes=90')).total).toBe(4);
  });
});

describe('resilience', () => {
  it('records malformed and unknown events as seen, skips them, and carries on', async () => {
    const inv = new EventFactory('inventory-service');
    const before = await get('/supply/stock?sku=TEST-C');
    const res = await postEvents(analytics.url, [
      inv.event('stock.adjusted', {
        ...payloads.adjusted('TEST-C', 'wh-eu-west-1', 1),
        onHand: -5,
      }),
      inv.event('stock.reserved', { reservationId: 'r', allocations: 'not a list' }),
      inv.event('order.placed', { anything: true }),
      inv.event('stock.adjusted', payloads.adjusted('TEST-D', 'wh-eu-west-1', 12)),
    ]);
    expect(res.body).toEqual({ handled: 4, duplicates: 0 });
    expect((await get('/supply/stock?sku=TEST-C')).rows).toEqual(before.rows);
    expect((await get('/supply/stock?sku=TEST-D')).rows[0]).toMatchObject({ onHand: 12 });
    const metrics = await (await fetch(`${analytics.url}/metrics`)).text();
    expect(metrics).toMatch(
      /analytics_events_total\{[^}]*type="stock.adjusted"[^}]*result="malformed"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /analytics_events_total\{[^}]*type="other"[^}]*result="ignored"[^}]*\} 1/,
    );
  });

  it('refuses a bad delivery without writing anything', async () => {
    const inbox = async () =>
      (await db.pool.query('SELECT count(*)::int AS n FROM supply_analytics.inbox')).rows[0].n;
    const before = await inbox();
    const inv = new EventFactory('inventory-service');
    const good = inv.event('stock.adjusted', payloads.adjusted('TEST-E', 'wh-eu-west-1', 1));
    for (const body of [
      {},
      { source: 'inventory-service' },
      { source: 'inventory-service', events: [{ ...good, eventId: 'not-a-uuid' }] },
      { source: 'inventory-service', events: [{ ...good, sequence: 'one' }] },
    ]) {
      const res = await call(analytics.url, '/events', {
        method: 'POST',
        auth: SERVICE_AUTH,
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await inbox()).toBe(before);
  });

  it('takes events from services only', async () => {
    const inv = new EventFactory('inventory-service');
    const events = [inv.event('stock.adjusted', payloads.adjusted('TEST-F', 'wh-eu-west-1', 1))];
    expect((await postEvents(analytics.url, events, null)).status).toBe(401);
    expect((await postEvents(analytics.url, events, operator)).status).toBe(403);
    const customer = `Bearer ${identity.customerToken(randomUUID())}`;
    expect((await postEvents(analytics.url, events, customer)).status).toBe(403);
    expect((await postEvents(analytics.url, events)).status).toBe(200);
  });

  it('loses nothing and counts nothing twice across a restart', async () => {
    const figures = async () =>
      Promise.all(
        [
          '/supply/stock',
          '/supply/shipments',
          '/supply/on-time',
          '/supply/fill-rate',
          '/supply/low-stock',
        ].map((p) => get(p)),
      );
    const before = await figures();
    const { rows: seen } = await db.pool.query<{ event_id: string }>(
      'SELECT event_id FROM supply_analytics.inbox',
    );
    await analytics.stop();
    analytics = await start();
    // The relays redeliver whatever they were unsure about: all of it, here.
    const orders = new EventFactory('order-service');
    const replay = seen.map(({ event_id }) => ({
      ...orders.event(
        'supply-order.confirmed',
        payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1001', quantity: 1 }]),
      ),
      eventId: event_id,
    }));
    const res = await postEvents(analytics.url, replay);
    expect(res.body).toEqual({ handled: 0, duplicates: seen.length });
    expect(await figures()).toEqual(before);

    const next = orders.event(
      'supply-order.confirmed',
      payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1009', quantity: 2 }]),
      {
        occurredAt: minutesAgo(2),
      },
    );
    await postEvents(analytics.url, [next]);
    await postEvents(analytics.url, [next]);
    const fill = await get('/supply/fill-rate');
    expect(fill.unitsOrdered).toBe(before[3].unitsOrdered + 2);
    expect(fill.orders.total).toBe(before[3].orders.total + 1);
  });
});
