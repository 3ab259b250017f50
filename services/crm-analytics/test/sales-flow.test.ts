/**
 * Sales insight end to end: real orders placed through crm-api (which runs the supply saga
 * through order-service, inventory-service and logistics-service), relayed by crm-api's
 * outbox to crm-analytics, and every figure compared with one recomputed from crm-api's own
 * tables. Real PostgreSQL, real HTTP, all five services in this process.
 */
import { randomUUID } from 'node:crypto';
import { serviceToken } from '@globalretail/service-kit/testing';
import { ENDPOINTS, expectedFigures, type Filters, ordersFromCrm } from './support/expected';
import { call, qs, utcDay } from './support/http';
import { login, type SalesStack, startSalesStack } from './support/sales-stack';

let stack: SalesStack;
const tokens: Record<string, string> = {};
const placed: { customer: string; status: number; body: Record<string, unknown> }[] = [];
// Orders are placed today; the range reaches a day either side in case the run spans midnight.
const range = (): Filters => ({ from: utcDay(-1), to: utcDay(1) });

async function place(customer: string, lines: { sku: string; quantity: number }[]) {
  const res = await fetch(`${stack.crm.url}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${tokens[customer]}`,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ lines }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  placed.push({ customer, status: res.status, body });
  return { status: res.status, body };
}

/** Every /sales figure for the filters, without the constant `basis` texts. */
async function figures(f: Filters, limit = 10) {
  const out: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(ENDPOINTS)) {
    const ranked = name === 'byProduct' || name === 'topCustomers';
    const res = await call(
      stack.analyticsUrl,
      'GET',
      `${path}${qs({ ...f, limit: ranked ? limit : undefined })}`,
      { token: tokens.ops },
    );
    expect(res.status).toBe(200);
    expect(res.body.basis.length).toBeGreaterThan(0);
    const { basis: _, ...rest } = res.body;
    out[name] = rest;
  }
  return out;
}

async function expectFiguresMatchCrm(f: Filters, limit = 10) {
  const reference = expectedFigures(await ordersFromCrm(stack.db.pool), f, limit);
  expect(await figures(f, limit)).toEqual(reference);
}

beforeAll(async () => {
  stack = await startSalesStack();
  for (const name of ['ava', 'noah', 'mia', 'elias', 'aoife', 'ops']) {
    tokens[name] = (await login(stack, `${name}@globalretail.example`)).token;
  }
  // A customer who signs up now (customer.registered) and orders.
  const signUp = await call(stack.crm.url, 'POST', '/customers', {
    body: {
      email: 'zoe.analytics@example.com',
      name: 'Zoe Analytics',
      region: 'eu-west-1',
      password: 'correct horse battery',
      address: {
        name: 'Zoe',
        line1: '5 Quay St',
        city: 'Galway',
        postalCode: 'H91',
        country: 'IE',
      },
    },
  });
  expect(signUp.status).toBe(201);
  tokens.zoe = (await login(stack, 'zoe.analytics@example.com', 'correct horse battery')).token;

  // Both regions, several customers, multi-line orders, and some that run out of stock
  // (GR-1012 has 62 units in all, GR-1009 125).
  await place('ava', [
    { sku: 'GR-1001', quantity: 2 },
    { sku: 'GR-1005', quantity: 1 },
  ]);
  await place('ava', [{ sku: 'GR-1013', quantity: 1 }]);
  await place('noah', [{ sku: 'GR-1008', quantity: 3 }]);
  await place('noah', [{ sku: 'GR-1012', quantity: 100 }]);
  await place('mia', [
    { sku: 'GR-1023', quantity: 2 },
    { sku: 'GR-1001', quantity: 1 },
  ]);
  await place('elias', [
    { sku: 'GR-1024', quantity: 2 },
    { sku: 'GR-1019', quantity: 4 },
  ]);
  await place('elias', [{ sku: 'GR-1002', quantity: 1 }]);
  await place('aoife', [{ sku: 'GR-1009', quantity: 200 }]);
  await place('aoife', [
    { sku: 'GR-1016', quantity: 1 },
    { sku: 'GR-1017', quantity: 2 },
    { sku: 'GR-1001', quantity: 1 },
  ]);
  await place('zoe', [{ sku: 'GR-1013', quantity: 2 }]);
  await stack.relayed();
});
afterAll(() => stack?.stop());

describe('sales figures from real orders', () => {
  it('placed a mix of confirmed and out-of-stock orders in both regions', async () => {
    expect(placed.map((p) => p.status)).toEqual([201, 201, 201, 409, 201, 201, 201, 409, 201, 201]);
    const { rows } = await stack.db.pool.query(
      'SELECT region, status, count(*)::int AS n FROM crm.orders GROUP BY 1, 2 ORDER BY 1, 2',
    );
    expect(rows).toEqual([
      { region: 'eu-west-1', status: 'CONFIRMED', n: 4 },
      { region: 'eu-west-1', status: 'FAILED', n: 1 },
      { region: 'us-east-1', status: 'CONFIRMED', n: 4 },
      { region: 'us-east-1', status: 'FAILED', n: 1 },
    ]);
  });

  it('answers every endpoint exactly as recomputed from crm.orders and crm.order_lines', async () => {
    await expectFiguresMatchCrm(range());
    await expectFiguresMatchCrm({ ...range(), region: 'us-east-1' });
    await expectFiguresMatchCrm({ ...range(), region: 'eu-west-1' }, 2);
    await expectFiguresMatchCrm({ from: utcDay(-40), to: utcDay(-2) });
  });

  it('agrees with the answers crm-api gave when the orders were placed', async () => {
    const ok = placed.filter((p) => p.status === 201);
    const revenue = ok.reduce((sum, p) => sum + (p.body.totalCents as number), 0);
    const res = await call(stack.analyticsUrl, 'GET', `/sales/conversion${qs(range())}`, {
      token: tokens.ops,
    });
    expect(res.body).toMatchObject({
      placedOrders: placed.length,
      confirmedOrders: ok.length,
      failedOrders: placed.length - ok.length,
      pendingOrders: 0,
      conversionRate: ok.length / placed.length,
    });
    const aov = await call(stack.analyticsUrl, 'GET', `/sales/average-order-value${qs(range())}`, {
      token: tokens.ops,
    });
    expect(aov.body).toMatchObject({
      revenueCents: revenue,
      averageOrderValueCents: Math.round(revenue / ok.length),
    });
    // Out-of-stock orders sold nothing: their SKUs are not among the products.
    const products = await call(stack.analyticsUrl, 'GET', `/sales/by-product${qs(range())}`, {
      token: tokens.ops,
    });
    expect(products.body.products.map((p: { sku: string }) => p.sku)).not.toContain('GR-1012');
    expect(products.body.products.map((p: { sku: string }) => p.sku)).not.toContain('GR-1009');
  });

  it('keeps each order with its status history and the times of the events', async () => {
    const confirmed = placed.find((p) => p.status === 201)!.body;
    const res = await call(stack.analyticsUrl, 'GET', `/sales/orders/${confirmed.id}`, {
      token: tokens.ops,
    });
    expect(res.status).toBe(200);
    const { rows } = await stack.db.pool.query(
      'SELECT created_at, updated_at FROM crm.orders WHERE id = $1',
      [confirmed.id],
    );
    expect(res.body).toMatchObject({
      orderId: confirmed.id,
      status: 'CONFIRMED',
      totalCents: confirmed.totalCents,
      lines: confirmed.lines,
      placedAt: rows[0].created_at.toISOString(),
      endedAt: rows[0].updated_at.toISOString(),
      history: [
        { status: 'PENDING', at: rows[0].created_at.toISOString(), applied: true },
        { status: 'CONFIRMED', at: rows[0].updated_at.toISOString(), applied: true },
      ],
    });
    const failedId = (
      placed.find((p) => p.status === 409)!.body.error as { details: { orderId: string } }
    ).details.orderId;
    const failed = await call(stack.analyticsUrl, 'GET', `/sales/orders/${failedId}`, {
      token: tokens.ops,
    });
    expect(failed.body).toMatchObject({ status: 'FAILED', failureReason: expect.any(String) });
    expect(failed.body.history.map((h: { status: string }) => h.status)).toEqual([
      'PENDING',
      'FAILED',
    ]);
    const unknown = await call(stack.analyticsUrl, 'GET', `/sales/orders/${randomUUID()}`, {
      token: tokens.ops,
    });
    expect(unknown.status).toBe(404);
  });

  it('records the customer who signed up', async () => {
    const { rows } = await stack.db.pool.query(
      `SELECT c.id, c.region, a.registered_at FROM crm.customers c
         JOIN sales_insight.customers a ON a.customer_id = c.id`,
    );
    expect(rows).toEqual([
      { id: expect.any(String), region: 'eu-west-1', registered_at: expect.any(Date) },
    ]);
  });
});

describe('delivered more than once', () => {
  it('changes no figure when the same events are posted again', async () => {
    const before = await figures(range());
    const { rows } = await stack.db.pool.query('SELECT * FROM crm.outbox ORDER BY id');
    const events = rows.map((r) => ({
      eventId: r.event_id,
      source: 'crm-api',
      sequence: Number(r.id),
      type: r.event_type,
      aggregateType: r.aggregate_type,
      aggregateId: r.aggregate_id,
      payload: r.payload,
      occurredAt: r.occurred_at.toISOString(),
    }));
    const res = await call(stack.analyticsUrl, 'POST', '/events', {
      token: serviceToken('crm-api'),
      body: { source: 'crm-api', events },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ handled: 0, duplicates: events.length });
    expect(await figures(range())).toEqual(before);
  });

  it('changes no figure when the relay redelivers everything', async () => {
    const before = await figures(range());
    const duplicatesBefore = await duplicateCount();
    const { rowCount } = await stack.db.pool.query(
      "DELETE FROM crm.outbox_deliveries WHERE subscriber = 'crm-analytics'",
    );
    expect(rowCount).toBeGreaterThan(0);
    await stack.relayed();
    expect(await duplicateCount()).toBe(duplicatesBefore + rowCount!);
    expect(await figures(range())).toEqual(before);
    await expectFiguresMatchCrm(range());
  });

  it('catches up after a restart, counting what it missed once and nothing twice', async () => {
    const before = (await figures(range())) as { conversion: { confirmedOrders: number } };
    await stack.stopAnalytics();
    const late = await place('mia', [{ sku: 'GR-1014', quantity: 3 }]);
    expect(late.status).toBe(201);
    // The relay keeps trying while crm-analytics is away.
    await new Promise((r) => setTimeout(r, 300));
    await stack.startAnalytics();
    await stack.relayed();
    await stack.db.pool.query(
      "DELETE FROM crm.outbox_deliveries WHERE subscriber = 'crm-analytics'",
    );
    await stack.relayed();
    const after = (await figures(range())) as { conversion: { confirmedOrders: number } };
    expect(after.conversion.confirmedOrders).toBe(before.conversion.confirmedOrders + 1);
    await expectFiguresMatchCrm(range());
  });
});

async function duplicateCount(): Promise<number> {
  const res = await call(stack.analyticsUrl, 'GET', '/metrics');
  const match = /^sales_insight_events_duplicate_total\{[^}]*\} (\d+)/m.exec(res.text);
  return Number(match?.[1] ?? 0);
}

describe('who may read the figures, with real crm-api tokens', () => {
  it('refuses anonymous callers (401) and customers (403); operators and services get 200', async () => {
    for (const path of Object.values(ENDPOINTS)) {
      expect((await call(stack.analyticsUrl, 'GET', path)).status).toBe(401);
      const asCustomer = await call(stack.analyticsUrl, 'GET', path, { token: tokens.ava });
      expect(asCustomer.status).toBe(403);
      expect(asCustomer.body.error.code).toBe('FORBIDDEN');
      expect((await call(stack.analyticsUrl, 'GET', path, { token: tokens.ops })).status).toBe(200);
      expect(
        (await call(stack.analyticsUrl, 'GET', path, { token: serviceToken('api-gateway') }))
          .status,
      ).toBe(200);
    }
  });

  it('takes events only from services', async () => {
    const body = { source: 'crm-api', events: [] };
    expect((await call(stack.analyticsUrl, 'POST', '/events', { body })).status).toBe(401);
    expect(
      (await call(stack.analyticsUrl, 'POST', '/events', { body, token: tokens.ops })).status,
    ).toBe(403);
  });
});
