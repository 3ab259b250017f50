/**
 * Figures over several days, from events crafted the way crm-api's relay delivers them
 * (backdated orders cannot be placed through crm-api). The expected figures are recomputed
 * from the made-up orders by test/support/expected.ts. Also: out-of-order, duplicate,
 * contradicting, malformed and unknown events, redelivery, restart and the default range.
 */
import {
  createTestDatabase,
  serviceToken,
  startTestService,
  type TestDatabase,
  TestIdentity,
  type TestService,
  freePort,
} from '@globalretail/service-kit/testing';
import type { CrmAnalyticsConfig } from '../src/config';
import { crmAnalyticsDefinition } from '../src/service';
import { type CraftedEvent, craftOrder, envelope, eventsOf } from './support/crafted';
import { ENDPOINTS, expectedFigures, type Filters } from './support/expected';
import { call, qs, utcDay } from './support/http';

let db: TestDatabase;
let identity: TestIdentity;
let analytics: TestService<CrmAnalyticsConfig>;
let port: number;
let ops: string;
const delivered: CraftedEvent[][] = [];

const customer = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const A = { sku: 'GR-A001', unitPriceCents: 1000 };
const B = { sku: 'GR-B002', unitPriceCents: 2500 };
const C = { sku: 'GR-C003', unitPriceCents: 300 };
const D = { sku: 'GR-D004', unitPriceCents: 9999 };

const orders = {
  early: craftOrder({
    customerId: customer(1),
    region: 'us-east-1',
    placedAt: '2025-03-01T09:00:00.000Z',
    status: 'CONFIRMED',
    lines: [
      { ...A, quantity: 2 },
      { ...B, quantity: 1 },
    ],
  }),
  lastMillisecond: craftOrder({
    customerId: customer(2),
    region: 'eu-west-1',
    placedAt: '2025-03-01T23:59:59.999Z',
    endedAt: '2025-03-02T00:00:01.000Z',
    status: 'CONFIRMED',
    lines: [{ ...A, quantity: 1 }],
  }),
  firstMillisecond: craftOrder({
    customerId: customer(3),
    region: 'us-east-1',
    placedAt: '2025-03-02T00:00:00.000Z',
    status: 'FAILED',
    lines: [{ ...C, quantity: 5 }],
  }),
  endedTwoDaysLater: craftOrder({
    customerId: customer(4),
    region: 'us-east-1',
    placedAt: '2025-03-02T10:00:00.000Z',
    endedAt: '2025-03-04T10:00:00.000Z',
    status: 'CONFIRMED',
    lines: [{ ...D, quantity: 1, productName: 'Desk (old name)' }],
  }),
  multiLine: craftOrder({
    customerId: customer(1),
    region: 'us-east-1',
    placedAt: '2025-03-03T12:00:00.000Z',
    status: 'CONFIRMED',
    lines: [
      { ...C, quantity: 3 },
      { ...D, quantity: 1, productName: 'Desk' },
    ],
  }),
  pending: craftOrder({
    customerId: customer(4),
    region: 'eu-west-1',
    placedAt: '2025-03-03T13:00:00.000Z',
    status: 'PENDING',
    lines: [{ ...A, quantity: 1 }],
  }),
  tieLow: craftOrder({
    customerId: customer(6),
    region: 'us-east-1',
    placedAt: '2025-03-04T08:00:00.000Z',
    status: 'CONFIRMED',
    lines: [{ ...B, quantity: 1 }],
  }),
  tieHigh: craftOrder({
    customerId: customer(7),
    region: 'eu-west-1',
    placedAt: '2025-03-04T09:00:00.000Z',
    status: 'CONFIRMED',
    lines: [{ ...B, quantity: 1 }],
  }),
  confirmedFirst: craftOrder({
    customerId: customer(5),
    region: 'eu-west-1',
    placedAt: '2025-03-05T08:00:00.000Z',
    status: 'CONFIRMED',
    lines: [
      { ...B, quantity: 4 },
      { ...A, unitPriceCents: 1100, quantity: 1 },
    ],
  }),
  euros: craftOrder({
    customerId: customer(2),
    region: 'eu-west-1',
    placedAt: '2025-03-05T10:00:00.000Z',
    status: 'CONFIRMED',
    currency: 'EUR',
    lines: [{ ...A, unitPriceCents: 900, quantity: 1 }],
  }),
  dayBefore: craftOrder({
    customerId: customer(3),
    region: 'us-east-1',
    placedAt: '2025-02-28T23:59:59.999Z',
    status: 'CONFIRMED',
    lines: [{ ...A, quantity: 10 }],
  }),
  dayAfter: craftOrder({
    customerId: customer(4),
    region: 'eu-west-1',
    placedAt: '2025-03-06T00:00:00.000Z',
    status: 'CONFIRMED',
    lines: [{ ...A, quantity: 7 }],
  }),
};
const all = Object.values(orders);
const march: Filters = { from: '2025-03-01', to: '2025-03-05' };

async function post(events: CraftedEvent[]) {
  delivered.push(events);
  const res = await call(analytics.url, 'POST', '/events', {
    token: serviceToken('crm-api'),
    body: { source: 'crm-api', events },
  });
  expect(res.status).toBe(200);
  return res.body as { handled: number; duplicates: number };
}

async function get(path: string, query: object = {}) {
  const res = await call(analytics.url, 'GET', `${path}${qs(query)}`, { token: ops });
  expect(res.status).toBe(200);
  const { basis: _, ...rest } = res.body;
  return rest;
}

async function figures(f: Filters, limit?: number) {
  const out: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(ENDPOINTS)) {
    const ranked = name === 'byProduct' || name === 'topCustomers';
    out[name] = await get(path, { ...f, limit: ranked ? limit : undefined });
  }
  return out;
}

const expectFigures = async (f: Filters, limit = 10) =>
  expect(await figures(f, limit)).toEqual(expectedFigures(all, f, limit));

const start = () =>
  startTestService(crmAnalyticsDefinition, {
    databaseUrl: db.url,
    port,
    env: { JWKS_URL: identity.jwksUrl },
  });

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 4 });
  identity = await new TestIdentity().start();
  ops = identity.operatorToken();
  port = await freePort();
  analytics = await start();

  const ev = Object.fromEntries(Object.entries(orders).map(([k, o]) => [k, eventsOf(o)]));
  // An older crm-api ending: no lines, no times in the payload (occurredAt is all there is).
  const bareEnding = { ...ev.endedTwoDaysLater!.ended! };
  const { lines: _l, placedAt: _p, confirmedAt: _c, ...barePayload } = bareEnding.payload;
  bareEnding.payload = barePayload;

  // 1: most orders in relay order, with one event twice in the same batch.
  const first = await post(
    [
      ...['early', 'lastMillisecond', 'firstMillisecond', 'multiLine', 'pending', 'tieLow']
        .concat(['tieHigh', 'euros', 'dayBefore', 'dayAfter'])
        .flatMap((k) => [ev[k]!.placed, ev[k]!.ended].filter((e) => e !== undefined)),
      ev.early!.placed,
    ].sort((a, b) => a.sequence - b.sequence),
  );
  expect(first).toEqual({ handled: 19, duplicates: 1 });
  // 2: endings that overtook their placing (a replayed or re-ordered feed).
  expect(await post([ev.confirmedFirst!.ended!, bareEnding])).toEqual({
    handled: 2,
    duplicates: 0,
  });
});
afterAll(async () => {
  await analytics?.stop();
  await identity?.stop();
  await db?.drop();
});

describe('an ending seen before its placing', () => {
  it('counts the order once, on its placing day as far as known, and corrects it when order.placed arrives', async () => {
    const early = (await get(`/sales/orders/${orders.endedTwoDaysLater.id}`)) as Record<
      string,
      unknown
    >;
    // Only the bare ending is known: the order counts on the day it ended, without lines.
    expect(early).toMatchObject({
      status: 'CONFIRMED',
      placedOn: '2025-03-04',
      lines: [],
    });
    const withPlacedAt = await get(`/sales/orders/${orders.confirmedFirst.id}`);
    expect(withPlacedAt).toMatchObject({
      status: 'CONFIRMED',
      placedAt: '2025-03-05T08:00:00.000Z',
      lines: orders.confirmedFirst.lines,
    });

    const ev = [orders.endedTwoDaysLater, orders.confirmedFirst].map((o) => eventsOf(o).placed);
    // Same event ids as crafted above would be duplicates; these are fresh placings.
    expect(await post(ev)).toEqual({ handled: 2, duplicates: 0 });
    const corrected = await get(`/sales/orders/${orders.endedTwoDaysLater.id}`);
    expect(corrected).toMatchObject({
      status: 'CONFIRMED',
      placedAt: '2025-03-02T10:00:00.000Z',
      placedOn: '2025-03-02',
      endedAt: '2025-03-04T10:00:00.000Z',
      lines: orders.endedTwoDaysLater.lines,
    });
    expect((corrected.history as { status: string }[]).map((h) => h.status)).toEqual([
      'PENDING',
      'CONFIRMED',
    ]);
  });
});

describe('figures over several days', () => {
  it('match the made-up orders for every endpoint, range, region, currency and limit', async () => {
    await expectFigures(march);
    await expectFigures({ ...march, region: 'us-east-1' });
    await expectFigures({ ...march, region: 'eu-west-1' }, 1);
    await expectFigures({ ...march, currency: 'EUR' });
    await expectFigures({ from: '2025-03-02', to: '2025-03-02' });
    await expectFigures({ from: '2025-02-01', to: '2025-03-31' }, 2);
    await expectFigures({ from: '2024-01-01', to: '2024-01-31' });
  });

  it('counts an order on the UTC day it was placed, to the millisecond', async () => {
    const { days } = (await get(ENDPOINTS.byDay, march)) as {
      days: { day: string; placedOrders: number; revenueCents: number }[];
    };
    expect(days.map((d) => [d.day, d.placedOrders, d.revenueCents])).toEqual([
      ['2025-03-01', 2, 4500 + 1000],
      ['2025-03-02', 2, 9999],
      ['2025-03-03', 2, 900 + 9999],
      ['2025-03-04', 2, 5000],
      ['2025-03-05', 1, 11100],
    ]);
  });

  it('ranks tied customers by id and says what the figures count', async () => {
    const res = await call(analytics.url, 'GET', `${ENDPOINTS.topCustomers}${qs(march)}`, {
      token: ops,
    });
    const ids = res.body.customers.map((c: { customerId: string }) => c.customerId);
    expect(ids.indexOf(customer(6))).toBe(ids.indexOf(customer(7)) - 1);
    expect(res.body.basis.join(' ')).toMatch(/confirmed revenue/i);
    const revenue = await call(analytics.url, 'GET', `${ENDPOINTS.byDay}${qs(march)}`, {
      token: ops,
    });
    expect(revenue.body.basis.join(' ')).toMatch(/CONFIRMED orders only/);
    expect(revenue.body.basis.join(' ')).toMatch(/UTC calendar day it was placed/);
  });
});

describe('events that must not change the figures', () => {
  it('ignores a repeated ending under a new id and a contradicting one, keeping both in the history', async () => {
    const before = await figures(march);
    const again = eventsOf(orders.early).ended!;
    const contradiction = envelope(
      'order.confirmed',
      orders.firstMillisecond.id,
      { ...eventsOf(orders.firstMillisecond).ended!.payload, status: 'CONFIRMED' },
      '2025-03-02T00:05:00.000Z',
    );
    expect(await post([again, contradiction])).toEqual({ handled: 2, duplicates: 0 });
    expect(await figures(march)).toEqual(before);
    const history = (await get(`/sales/orders/${orders.firstMillisecond.id}`)) as {
      status: string;
      history: { status: string; applied: boolean }[];
    };
    expect(history.status).toBe('FAILED');
    expect(history.history).toEqual([
      { status: 'PENDING', at: '2025-03-02T00:00:00.000Z', applied: true },
      { status: 'FAILED', at: '2025-03-02T00:00:01.500Z', applied: true },
      { status: 'CONFIRMED', at: '2025-03-02T00:05:00.000Z', applied: false },
    ]);
  });

  it('acknowledges malformed and unknown events without counting them', async () => {
    const before = await figures(march);
    const bad = eventsOf(
      craftOrder({
        customerId: customer(9),
        region: 'us-east-1',
        placedAt: '2025-03-03T10:00:00.000Z',
        status: 'PENDING',
        lines: [{ ...A, quantity: 1 }],
      }),
    ).placed;
    bad.payload = { ...bad.payload, totalCents: -5 };
    const result = await post([
      bad,
      envelope('shipment.moved', 'x', { anything: true }, '2025-03-03T10:00:00.000Z'),
      envelope(
        'customer.registered',
        customer(9),
        { customerId: customer(9), region: 'us-east-1', role: 'customer' },
        '2025-03-03T10:00:00.000Z',
      ),
    ]);
    expect(result).toEqual({ handled: 3, duplicates: 0 });
    expect(await figures(march)).toEqual(before);
    const { rows } = await db.pool.query(
      'SELECT customer_id, registered_at FROM sales_insight.customers',
    );
    expect(rows).toEqual([
      { customer_id: customer(9), registered_at: new Date('2025-03-03T10:00:00.000Z') },
    ]);
  });

  it('skips every event when all of them are delivered again, also after a restart', async () => {
    const before = await figures(march);
    const everything = delivered.flat();
    const unique = new Set(everything.map((e) => e.eventId)).size;
    expect(await post(everything)).toEqual({ handled: 0, duplicates: everything.length });
    expect(unique).toBeLessThan(everything.length);
    await analytics.stop();
    analytics = await start();
    expect(await figures(march)).toEqual(before);
    expect(await post(everything)).toEqual({ handled: 0, duplicates: everything.length });
    expect(await figures(march)).toEqual(before);
    await expectFigures(march);
  });
});

describe('the default range', () => {
  it('is the 30 days ending today (UTC) when no dates are given', async () => {
    const recent = [0, -29, -30].map((offset) =>
      craftOrder({
        customerId: customer(8),
        region: 'us-east-1',
        placedAt: `${utcDay(offset)}T00:00:00.000Z`,
        status: 'CONFIRMED',
        lines: [{ ...B, quantity: 1 - offset }],
      }),
    );
    all.push(...recent);
    await post(recent.flatMap((o) => [eventsOf(o).placed, eventsOf(o).ended!]));
    const defaults = await figures({} as Filters);
    const f = { from: utcDay(-29), to: utcDay(0) };
    expect(defaults).toEqual(await figures(f));
    expect(defaults).toEqual(expectedFigures(all, f));
    expect((defaults.conversion as { confirmedOrders: number }).confirmedOrders).toBe(2);
  });
});
