/** Staff order search: what the portal's order tracking reads with its service credential. */
import { serviceToken } from '@globalretail/service-kit/testing';
import { type CrmApiUnderTest, DEMO, orderBody, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
let ava: string;
let elias: string;
let ops: string;
const portal = serviceToken('portal');
const avaOrders: { id: string; trackingNumbers: string[] }[] = [];
let eliasOrderId: string;

beforeAll(async () => {
  crm = await startCrmApi();
  [ava, elias, ops] = await Promise.all([
    crm.login(DEMO.ava.email),
    crm.login(DEMO.elias.email),
    crm.login(DEMO.ops.email),
  ]);
  for (const key of ['staff-a1', 'staff-a2']) {
    const res = await crm.call('POST', '/orders', {
      token: ava,
      body: orderBody(),
      headers: { 'idempotency-key': key },
    });
    expect(res.status).toBe(201);
    avaOrders.push(res.body);
  }
  const res = await crm.call('POST', '/orders', {
    token: elias,
    body: orderBody([{ sku: 'WIDGET-1', quantity: 1 }], {
      shipTo: {
        name: 'Elias',
        line1: 'Hauptstrasse 1',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
    }),
    headers: { 'idempotency-key': 'staff-e1' },
  });
  expect(res.status).toBe(201);
  eliasOrderId = res.body.id;
});
afterAll(() => crm.stop());

describe('GET /orders (staff search)', () => {
  it('lists recent orders across customers, newest first, with email and supply order', async () => {
    const res = await crm.call('GET', '/orders?limit=3', { token: portal });
    expect(res.status).toBe(200);
    expect(res.body.orders.map((o: { id: string }) => o.id)).toEqual([
      eliasOrderId,
      avaOrders[1]!.id,
      avaOrders[0]!.id,
    ]);
    expect(res.body.orders[0]).toMatchObject({
      customerEmail: DEMO.elias.email,
      supplyOrderId: expect.any(String),
      status: 'CONFIRMED',
    });
  });

  it('filters by customer email (any case) and by tracking number as typed', async () => {
    const byEmail = await crm.call(
      'GET',
      `/orders?customerEmail=${encodeURIComponent(DEMO.ava.email.toUpperCase())}`,
      { token: ops },
    );
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.orders.map((o: { id: string }) => o.id).sort()).toEqual(
      avaOrders.map((o) => o.id).sort(),
    );

    const tracking = avaOrders[0]!.trackingNumbers[0]!;
    const typed = `${tracking.slice(0, 4).toLowerCase()}-${tracking.slice(4)}`;
    const byTracking = await crm.call('GET', `/orders?trackingNumber=${typed}`, { token: portal });
    expect(byTracking.body.orders.map((o: { id: string }) => o.id)).toEqual([avaOrders[0]!.id]);
  });

  it('is for staff only: customers and anonymous callers are refused', async () => {
    expect((await crm.call('GET', '/orders', { token: ava })).status).toBe(403);
    expect((await crm.call('GET', '/orders')).status).toBe(401);
  });

  it('rejects bad filters with a clear 400', async () => {
    const res = await crm.call('GET', '/orders?customerEmail=not-an-email&limit=1000', {
      token: portal,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /orders/:id for staff', () => {
  it('shows a service the order with its customer email and supply order', async () => {
    const res = await crm.call('GET', `/orders/${avaOrders[0]!.id}`, { token: portal });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: avaOrders[0]!.id, customerEmail: DEMO.ava.email });
  });

  it('still shows a customer only their own order, without staff fields', async () => {
    const own = await crm.call('GET', `/orders/${avaOrders[0]!.id}`, { token: ava });
    expect(own.status).toBe(200);
    expect(own.body.customerEmail).toBeUndefined();
    expect((await crm.call('GET', `/orders/${avaOrders[0]!.id}`, { token: elias })).status).toBe(
      404,
    );
  });
});
