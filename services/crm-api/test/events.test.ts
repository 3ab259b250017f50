import { randomUUID } from 'node:crypto';
import { serviceToken } from '@globalretail/service-kit/testing';
import { type CrmApiUnderTest, DEMO, orderBody, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
let ava: string;
beforeAll(async () => {
  crm = await startCrmApi();
  ava = await crm.login(DEMO.ava.email);
});
afterAll(() => crm.stop());

const supplyEvent = (
  type: string,
  payload: Record<string, unknown>,
  eventId = randomUUID(),
  sequence = 1,
) => ({
  eventId,
  source: 'order-service',
  sequence,
  type,
  aggregateType: 'supply-order',
  aggregateId: String(payload.supplyOrderId ?? 'unknown'),
  payload,
  occurredAt: new Date().toISOString(),
});

const deliver = (events: unknown[], token = serviceToken('order-service')) =>
  crm.call('POST', '/events', { token, body: { source: 'order-service', events } });

/** An order order-service accepted but has not finished: it stays PENDING in crm-api. */
async function pendingOrder(key: string, lines = [{ sku: 'WIDGET-1', quantity: 1 }]) {
  crm.orderService.mode = 'accepted';
  try {
    const res = await crm.call('POST', '/orders', {
      token: ava,
      body: orderBody(lines),
      headers: { 'idempotency-key': key },
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('PENDING');
    const supplyOrder = crm.orderService.supplyOrders.get(res.body.id)!;
    return { orderId: res.body.id as string, supplyOrderId: supplyOrder.id };
  } finally {
    crm.orderService.mode = 'saga';
  }
}

const order = async (id: string) =>
  (await crm.db.pool.query('SELECT * FROM crm.orders WHERE id = $1', [id])).rows[0];

describe('POST /events (order-service outbox)', () => {
  it('confirms a PENDING order once, and ignores a redelivered event', async () => {
    const { orderId, supplyOrderId } = await pendingOrder('evt-confirm-1');
    expect((await order(orderId)).supply_order_id).toBe(supplyOrderId);
    const event = supplyEvent('supply-order.confirmed', {
      orderId,
      supplyOrderId,
      status: 'CONFIRMED',
      trackingNumbers: ['TRK-EVENT-1'],
      failureReason: null,
    });
    const first = await deliver([event]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ handled: 1, duplicates: 0 });
    const confirmed = await order(orderId);
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', tracking_numbers: ['TRK-EVENT-1'] });

    const before = await crm.snapshot();
    const again = await deliver([event]);
    expect(again.body).toEqual({ handled: 0, duplicates: 1 });
    expect(await crm.snapshot()).toEqual(before);

    // The customer's retry now gets the final answer.
    const retry = await crm.call('POST', '/orders', {
      token: ava,
      body: orderBody(),
      headers: { 'idempotency-key': 'evt-confirm-1' },
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: orderId, trackingNumbers: ['TRK-EVENT-1'] });
  });

  it('never moves a CONFIRMED order back', async () => {
    const { orderId, supplyOrderId } = await pendingOrder('evt-late-1');
    await deliver([
      supplyEvent('supply-order.confirmed', { orderId, supplyOrderId, trackingNumbers: ['T-1'] }),
    ]);
    const late = await deliver([
      supplyEvent('supply-order.failed', {
        orderId,
        supplyOrderId,
        status: 'FAILED',
        failureReason: 'compensated',
      }),
    ]);
    expect(late.body).toEqual({ handled: 1, duplicates: 0 });
    expect(await order(orderId)).toMatchObject({ status: 'CONFIRMED', failure_reason: null });
  });

  it('fails a PENDING order and replays it as OUT_OF_STOCK when stock was short', async () => {
    const { orderId, supplyOrderId } = await pendingOrder('evt-fail-1', [
      { sku: 'GADGET-2', quantity: 1 },
      { sku: 'WIDGET-1', quantity: 1 },
    ]);
    await deliver([
      supplyEvent('supply-order.failed', {
        orderId,
        supplyOrderId,
        status: 'FAILED',
        failureCode: 'INSUFFICIENT_STOCK',
        failureReason: 'inventory-service: not enough stock for GADGET-2',
        failureDetails: [{ sku: 'GADGET-2', requested: 1, available: 0 }],
      }),
    ]);
    expect(await order(orderId)).toMatchObject({
      status: 'FAILED',
      failure_reason: 'Not enough stock for GADGET-2',
    });
    const retry = await crm.call('POST', '/orders', {
      token: ava,
      body: orderBody([
        { sku: 'GADGET-2', quantity: 1 },
        { sku: 'WIDGET-1', quantity: 1 },
      ]),
      headers: { 'idempotency-key': 'evt-fail-1' },
    });
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({
      code: 'OUT_OF_STOCK',
      details: { skus: ['GADGET-2'] },
    });
  });

  it('fails a PENDING order for other reasons and replays it as the FAILED order', async () => {
    const { orderId, supplyOrderId } = await pendingOrder('evt-fail-2');
    await deliver([
      supplyEvent('supply-order.failed', {
        orderId,
        supplyOrderId,
        status: 'FAILED',
        failureCode: 'NO_CARRIER',
        failureReason: 'logistics-service: no carrier serves this destination',
      }),
    ]);
    const retry = await crm.call('POST', '/orders', {
      token: ava,
      body: orderBody(),
      headers: { 'idempotency-key': 'evt-fail-2' },
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({
      id: orderId,
      status: 'FAILED',
      failureReason: 'logistics-service: no carrier serves this destination',
    });
  });

  it('records events it does not act on and skips malformed ones without failing the batch', async () => {
    const { orderId } = await pendingOrder('evt-other-1');
    const res = await deliver([
      supplyEvent('supply-order.created', { orderId }, randomUUID(), 1),
      supplyEvent('supply-order.confirmed', { orderId: 'not-a-uuid' }, randomUUID(), 2),
      supplyEvent('supply-order.confirmed', { orderId: randomUUID() }, randomUUID(), 3),
    ]);
    expect(res.body).toEqual({ handled: 3, duplicates: 0 });
    expect((await order(orderId)).status).toBe('PENDING');
  });

  it('takes events from services only', async () => {
    const event = supplyEvent('supply-order.confirmed', { orderId: randomUUID() });
    expect((await deliver([event], ava)).status).toBe(403);
    const anonymous = await crm.call('POST', '/events', {
      body: { source: 'order-service', events: [event] },
    });
    expect(anonymous.status).toBe(401);
  });
});
