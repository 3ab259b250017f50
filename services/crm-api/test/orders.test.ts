import { eventually } from '@globalretail/service-kit/testing';
import { type CrmApiUnderTest, DEMO, orderBody, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
let ava: string;
let elias: string;
let ops: string;
beforeAll(async () => {
  crm = await startCrmApi({ ORDER_REPLAY_WAIT_MS: '3000' });
  [ava, elias, ops] = await Promise.all([
    crm.login(DEMO.ava.email),
    crm.login(DEMO.elias.email),
    crm.login(DEMO.ops.email),
  ]);
});
afterAll(() => crm.stop());
afterEach(() => {
  crm.orderService.mode = 'saga';
  crm.orderService.delayMs = 0;
  crm.orderService.stockFailureAs = 'failed-order';
});

const placeOrder = (token: string, key: string, body: unknown) =>
  crm.call('POST', '/orders', { token, body, headers: { 'idempotency-key': key } });

const orderRow = async (id: string) =>
  (await crm.db.pool.query('SELECT * FROM crm.orders WHERE id = $1', [id])).rows[0];

const outboxTypes = async (orderId: string) =>
  (
    await crm.db.pool.query<{ event_type: string }>(
      'SELECT event_type FROM crm.outbox WHERE aggregate_id = $1 ORDER BY id',
      [orderId],
    )
  ).rows.map((r) => r.event_type);

const callsFor = (orderId: string) => crm.orderService.calls.filter((c) => c.orderId === orderId);

describe('POST /orders', () => {
  it('places an order priced from the catalogue and confirmed by order-service', async () => {
    const res = await placeOrder(ava, 'happy-1', {
      lines: [
        { sku: 'WIDGET-1', quantity: 2 },
        { sku: 'DOOHICKEY-3', quantity: 4 },
      ],
      serviceLevel: 'express',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      customerId: DEMO.ava.id,
      status: 'CONFIRMED',
      region: 'us-east-1',
      lines: [
        { sku: 'WIDGET-1', productName: 'Widget', quantity: 2, unitPriceCents: 1999 },
        { sku: 'DOOHICKEY-3', productName: 'Doohickey', quantity: 4, unitPriceCents: 250 },
      ],
      totalCents: 2 * 1999 + 4 * 250,
      currency: 'USD',
      shipTo: expect.objectContaining({ city: 'New York', country: 'US' }),
      serviceLevel: 'express',
      trackingNumbers: [expect.stringMatching(/^TRK/)],
      failureReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/orders/${res.body.id}`);
    // Stored answers come back from jsonb; they are still sent in the API's key order.
    expect(Object.keys(res.body)).toEqual([
      'id',
      'customerId',
      'status',
      'region',
      'lines',
      'totalCents',
      'currency',
      'shipTo',
      'serviceLevel',
      'trackingNumbers',
      'failureReason',
      'createdAt',
      'updatedAt',
    ]);

    const [call] = callsFor(res.body.id);
    expect(call).toEqual({
      orderId: res.body.id,
      customerId: DEMO.ava.id,
      region: 'us-east-1',
      lines: [
        { sku: 'WIDGET-1', quantity: 2 },
        { sku: 'DOOHICKEY-3', quantity: 4 },
      ],
      shipTo: res.body.shipTo,
      serviceLevel: 'express',
      caller: 'crm-api',
    });
    const row = await orderRow(res.body.id);
    expect(row).toMatchObject({ status: 'CONFIRMED', supply_order_id: expect.any(String) });
    expect(await outboxTypes(res.body.id)).toEqual(['order.placed', 'order.confirmed']);
    // Events carry what a consumer needs to project the order without calling back.
    const { rows: events } = await crm.db.pool.query<{ payload: Record<string, unknown> }>(
      'SELECT payload FROM crm.outbox WHERE aggregate_id = $1 ORDER BY id',
      [res.body.id],
    );
    const placedAt = new Date(row.created_at).toISOString();
    expect(events[0]!.payload).toMatchObject({
      lines: res.body.lines,
      totalCents: res.body.totalCents,
      placedAt,
    });
    expect(events[1]!.payload).toMatchObject({
      lines: res.body.lines,
      placedAt,
      confirmedAt: new Date(row.updated_at).toISOString(),
    });

    // A retry gets the very same answer and nothing new happens.
    const again = await placeOrder(ava, 'happy-1', {
      lines: [
        { sku: 'DOOHICKEY-3', quantity: 4 },
        { sku: 'WIDGET-1', quantity: 2 },
      ],
      serviceLevel: 'express',
    });
    expect(again.status).toBe(201);
    expect(again.text).toBe(res.text);
    expect(callsFor(res.body.id)).toHaveLength(1);
  });

  it('creates one order for 20 concurrent requests with one key, all answered alike', async () => {
    const noah = await crm.login(DEMO.noah.email);
    crm.orderService.delayMs = 300; // the first request is still working while the rest arrive
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        placeOrder(noah, 'concurrent-key-1', orderBody([{ sku: 'WIDGET-1', quantity: 3 }])),
      ),
    );
    const { rows } = await crm.db.pool.query<{ id: string }>(
      'SELECT id FROM crm.orders WHERE customer_id = $1',
      [DEMO.noah.id],
    );
    expect(rows).toHaveLength(1);
    const orderId = rows[0]!.id;
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0]!.body).toMatchObject({ id: orderId, status: 'CONFIRMED' });
    const noahCalls = crm.orderService.calls.filter((c) => c.customerId === DEMO.noah.id);
    expect(new Set(noahCalls.map((c) => c.orderId))).toEqual(new Set([orderId]));
    const lines = await crm.db.pool.query('SELECT * FROM crm.order_lines WHERE order_id = $1', [
      orderId,
    ]);
    expect(lines.rows).toHaveLength(1);
    const keys = await crm.db.pool.query(
      'SELECT * FROM crm.idempotency_keys WHERE customer_id = $1',
      [DEMO.noah.id],
    );
    expect(keys.rows).toHaveLength(1);
    const metrics = await (await fetch(`${crm.url}/metrics`)).text();
    expect(metrics).toMatch(
      /crm_idempotent_replays_total\{[^}]*outcome="stored"[^}]*\} (19|[2-9]\d)/,
    );
  });

  it('refuses a reused key with a different body and writes nothing', async () => {
    const first = await placeOrder(ava, 'reuse-1', orderBody([{ sku: 'WIDGET-1', quantity: 1 }]));
    expect(first.status).toBe(201);
    const before = await crm.snapshot();
    const callsBefore = crm.orderService.calls.length;
    const res = await placeOrder(ava, 'reuse-1', orderBody([{ sku: 'WIDGET-1', quantity: 2 }]));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await crm.snapshot()).toEqual(before);
    expect(crm.orderService.calls.length).toBe(callsBefore);

    // Keys belong to a customer: another customer's identical key is a separate order.
    const other = await placeOrder(elias, 'reuse-1', orderBody([{ sku: 'WIDGET-1', quantity: 2 }]));
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it.each([
    ['a FAILED supply order', 'failed-order'],
    ['409 INSUFFICIENT_STOCK', 'conflict'],
  ] as const)('answers 409 OUT_OF_STOCK when order-service answers %s', async (_how, answer) => {
    crm.orderService.stockFailureAs = answer;
    const key = `no-stock-${answer}`;
    const stockBefore = { ...crm.orderService.stock };
    const res = await placeOrder(
      ava,
      key,
      orderBody([
        { sku: 'WIDGET-1', quantity: 1 },
        { sku: 'GADGET-2', quantity: 3 },
      ]),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'OUT_OF_STOCK',
      message: expect.stringContaining('GADGET-2'),
      details: { orderId: expect.any(String), skus: ['GADGET-2'] },
    });
    expect(crm.orderService.stock).toEqual(stockBefore);
    const orderId = res.body.error.details.orderId as string;
    expect(await orderRow(orderId)).toMatchObject({
      status: 'FAILED',
      failure_reason: 'Not enough stock for GADGET-2',
    });
    expect(await outboxTypes(orderId)).toEqual(['order.placed', 'order.failed']);
    const shown = await crm.call('GET', `/orders/${orderId}`, { token: ava });
    expect(shown.body).toMatchObject({
      status: 'FAILED',
      failureReason: 'Not enough stock for GADGET-2',
    });

    const again = await placeOrder(
      ava,
      key,
      orderBody([
        { sku: 'GADGET-2', quantity: 3 },
        { sku: 'WIDGET-1', quantity: 1 },
      ]),
    );
    expect(again.status).toBe(409);
    expect(again.text).toBe(res.text);
  });

  it('answers 202 PENDING while order-service is down, and the reconciler finishes the order', async () => {
    await crm.orderService.stop();
    let orderId: string;
    try {
      const res = await placeOrder(ava, 'down-1', orderBody([{ sku: 'WIDGET-1', quantity: 5 }]));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'PENDING', trackingNumbers: [] });
      orderId = res.body.id;

      // A retry meanwhile is told the same without waiting for a first answer that will not come.
      const started = Date.now();
      const retry = await placeOrder(ava, 'down-1', orderBody([{ sku: 'WIDGET-1', quantity: 5 }]));
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ id: orderId, status: 'PENDING' });
      expect(Date.now() - started).toBeLessThan(1000);

      await crm.handles.reconciler.runOnce();
      expect((await orderRow(orderId)).status).toBe('PENDING');
    } finally {
      await crm.orderService.restart();
    }
    await crm.handles.reconciler.runOnce();
    const shown = await crm.call('GET', `/orders/${orderId}`, { token: ava });
    expect(shown.body).toMatchObject({
      status: 'CONFIRMED',
      trackingNumbers: [expect.any(String)],
    });
    expect(callsFor(orderId)).toHaveLength(1); // the calls while down never arrived
    expect(await outboxTypes(orderId)).toEqual(['order.placed', 'order.confirmed']);

    // Now a retry gets the final answer.
    const later = await placeOrder(ava, 'down-1', orderBody([{ sku: 'WIDGET-1', quantity: 5 }]));
    expect(later.status).toBe(201);
    expect(later.body).toEqual(shown.body);
  });

  it('answers 202 when order-service does not answer in time, and finishes the order later', async () => {
    crm.orderService.mode = 'hang';
    const res = await placeOrder(ava, 'slow-1', orderBody([{ sku: 'DOOHICKEY-3', quantity: 1 }]));
    expect(res.status).toBe(202);
    crm.orderService.mode = 'saga';
    await crm.handles.reconciler.runOnce();
    expect((await orderRow(res.body.id)).status).toBe('CONFIRMED');
    // order-service saw the order twice (the hung call and the re-submission): it dedupes.
    expect(callsFor(res.body.id)).toHaveLength(2);
  });

  it('uses shipTo when given, and needs it from a customer without an address', async () => {
    const signUp = await crm.call('POST', '/customers', {
      body: {
        email: 'no-address@example.com',
        name: 'Nomad',
        region: 'eu-west-1',
        password: 'long-enough-password',
      },
    });
    expect(signUp.status).toBe(201);
    const nomad = await crm.login('no-address@example.com', 'long-enough-password');
    const before = await crm.snapshot();
    const missing = await placeOrder(nomad, 'nomad-1', orderBody());
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('SHIP_TO_REQUIRED');
    expect(await crm.snapshot()).toEqual(before);

    const shipTo = {
      name: 'Nomad',
      line1: 'Hauptstrasse 1',
      city: 'Munich',
      postalCode: '80331',
      country: 'DE',
    };
    const res = await placeOrder(nomad, 'nomad-1', orderBody(undefined, { shipTo }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ shipTo, region: 'eu-west-1', serviceLevel: 'standard' });
    expect(callsFor(res.body.id)[0]).toMatchObject({ shipTo, region: 'eu-west-1' });
  });

  it('refuses unknown and inactive SKUs with 422 and writes nothing', async () => {
    const before = await crm.snapshot();
    const res = await placeOrder(
      ava,
      'unknown-1',
      orderBody([
        { sku: 'WIDGET-1', quantity: 1 },
        { sku: 'NOPE-404', quantity: 1 },
        { sku: 'RETIRED-9', quantity: 1 },
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'UNKNOWN_SKU',
      details: { skus: ['NOPE-404', 'RETIRED-9'] },
    });
    expect(await crm.snapshot()).toEqual(before);
  });

  it('answers 503 and writes nothing while the catalogue cannot be fetched', async () => {
    await crm.inventory.stop();
    crm.handles.catalogue.invalidate();
    try {
      const before = await crm.snapshot();
      const res = await placeOrder(ava, 'no-catalogue-1', orderBody());
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(await crm.snapshot()).toEqual(before);
    } finally {
      await crm.inventory.restart();
    }
  });

  it('caches the catalogue between orders', async () => {
    crm.handles.catalogue.invalidate();
    const before = crm.inventory.productRequests;
    await placeOrder(ava, 'cache-1', orderBody());
    await placeOrder(ava, 'cache-2', orderBody());
    expect(crm.inventory.productRequests - before).toBe(1);
  });

  it('takes orders from customers only', async () => {
    expect((await placeOrder(ops, 'ops-1', orderBody())).status).toBe(403);
    const anonymous = await crm.call('POST', '/orders', {
      body: orderBody(),
      headers: { 'idempotency-key': 'anon-1' },
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('reading orders', () => {
  let orderId: string;
  beforeAll(async () => {
    orderId = (await placeOrder(ava, 'read-1', orderBody())).body.id;
  });

  it('shows an order to its customer and to operators', async () => {
    const own = await crm.call('GET', `/orders/${orderId}`, { token: ava });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: orderId, customerId: DEMO.ava.id });
    const byOperator = await crm.call('GET', `/orders/${orderId}`, { token: ops });
    // Staff see the same order plus whose it is and its supply order.
    expect(byOperator.body).toEqual({
      ...own.body,
      customerEmail: DEMO.ava.email,
      supplyOrderId: expect.any(String),
    });
  });

  it('hides an order from another customer as if it did not exist', async () => {
    const theirs = await crm.call('GET', `/orders/${orderId}`, { token: elias });
    const missing = await crm.call('GET', '/orders/6f1b7c9e-0000-4000-8000-000000000000', {
      token: elias,
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ error: { code: 'ORDER_NOT_FOUND', message: 'order not found' } });
    expect(missing.body).toEqual(theirs.body);
  });

  it("lists a customer's orders for them and operators only", async () => {
    const own = await crm.call('GET', `/customers/${DEMO.ava.id}/orders?limit=100`, { token: ava });
    expect(own.status).toBe(200);
    expect(own.body.orders.map((o: { id: string }) => o.id)).toContain(orderId);
    expect(own.body.orders.every((o: { customerId: string }) => o.customerId === DEMO.ava.id)).toBe(
      true,
    );
    const byOperator = await crm.call('GET', `/customers/${DEMO.ava.id}/orders?limit=100`, {
      token: ops,
    });
    expect(byOperator.body).toEqual(own.body);
    const byOther = await crm.call('GET', `/customers/${DEMO.ava.id}/orders`, { token: elias });
    expect(byOther.status).toBe(404);
    expect(byOther.body.error.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('counts placed, confirmed and failed orders', async () => {
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${crm.url}/metrics`)).text();
      return text.includes('crm_orders_failed_total') ? text : undefined;
    });
    expect(metrics).toMatch(/crm_orders_placed_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/crm_orders_confirmed_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/crm_orders_failed_total\{[^}]*reason="out-of-stock"[^}]*\} 2/);
  });
});
