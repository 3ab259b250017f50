/**
 * The guarantees of the order core, end to end through crm-api, order-service,
 * inventory-service and logistics-service, on real PostgreSQL and real HTTP.
 */
import { randomUUID } from 'node:crypto';
import { login, placeOrder, startStack, stockOf, type Stack } from './stack';

let stack: Stack;
let ava: { token: string; userId: string };
let elias: { token: string; userId: string };
let ops: { token: string; userId: string };

beforeAll(async () => {
  stack = await startStack();
  ava = await login(stack, 'ava@globalretail.example');
  elias = await login(stack, 'elias@globalretail.example');
  ops = await login(stack, 'ops@globalretail.example');
});
afterAll(() => stack?.stop());

async function setStock(sku: string, us: number, eu: number) {
  for (const [warehouse, onHand] of [
    ['wh-us-east-1', us],
    ['wh-eu-west-1', eu],
  ] as const) {
    const res = await fetch(`${stack.inventory.url}/inventory/${sku}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ops.token}` },
      body: JSON.stringify({ warehouseId: warehouse, onHand, reason: 'test setup' }),
    });
    expect(res.status).toBe(200);
  }
}

describe('the order core', () => {
  it('sells exactly 50 units to 200 concurrent orders racing for them', async () => {
    const sku = 'GR-1015';
    await setStock(sku, 50, 0);
    const customers = [ava, elias];
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        placeOrder(stack, customers[i % 2]!.token, randomUUID(), { lines: [{ sku, quantity: 1 }] }),
      ),
    );
    const byStatus = answers.reduce<Record<number, number>>(
      (acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }),
      {},
    );
    expect(byStatus).toEqual({ 201: 50, 409: 150 });
    expect(
      answers.filter((a) => a.status === 201).every((a) => a.json.status === 'CONFIRMED'),
    ).toBe(true);
    expect(
      answers.filter((a) => a.status === 409).every((a) => a.json.error?.code === 'OUT_OF_STOCK'),
    ).toBe(true);
    expect(await stockOf(stack, sku)).toEqual({ on_hand: 0, reserved: 0 });
    const { rows } = await stack.db.pool.query<{ status: string; n: number }>(
      `SELECT o.status, count(*)::int AS n FROM crm.orders o JOIN crm.order_lines l ON l.order_id = o.id
        WHERE l.sku = $1 GROUP BY o.status ORDER BY o.status`,
      [sku],
    );
    expect(rows).toEqual([
      { status: 'CONFIRMED', n: 50 },
      { status: 'FAILED', n: 150 },
    ]);
    const held = await stack.db.pool.query(
      "SELECT count(*)::int AS n FROM inventory.reservations WHERE status = 'HELD'",
    );
    expect(held.rows[0].n).toBe(0);
  });

  it('creates one order for 20 concurrent requests with one Idempotency-Key, all answered identically', async () => {
    const sku = 'GR-1016';
    await setStock(sku, 100, 0);
    const key = randomUUID();
    const body = { lines: [{ sku, quantity: 2 }] };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => placeOrder(stack, ava.token, key, body)),
    );
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(201);
    const { rows } = await stack.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM crm.orders o JOIN crm.order_lines l ON l.order_id = o.id WHERE l.sku = $1',
      [sku],
    );
    expect(rows[0]!.n).toBe(1);
    expect(await stockOf(stack, sku)).toEqual({ on_hand: 98, reserved: 0 });
    const supply = await stack.db.pool.query(
      'SELECT count(*)::int AS n FROM orders.supply_orders WHERE order_id = $1',
      [answers[0]!.json.id],
    );
    expect(supply.rows[0].n).toBe(1);
  });

  it('gives a confirmed order a tracking number that the public tracking page knows', async () => {
    const sku = 'GR-1017';
    await setStock(sku, 10, 10);
    const { status, json } = await placeOrder(stack, elias.token, randomUUID(), {
      lines: [{ sku, quantity: 1 }],
    });
    expect(status).toBe(201);
    const [trackingNumber] = json.trackingNumbers as string[];
    const res = await fetch(`${stack.logistics.url}/tracking/${trackingNumber}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ trackingNumber, status: 'LABEL_CREATED' });
    // elias is in eu-west-1: the order ships from the Dublin warehouse.
    const eu = await stack.db.pool.query(
      "SELECT on_hand FROM inventory.stock WHERE sku = $1 AND warehouse_id = 'wh-eu-west-1'",
      [sku],
    );
    expect(eu.rows[0].on_hand).toBe(9);
  });

  it('lets a customer read only their own orders', async () => {
    await setStock('GR-1018', 10, 10);
    const placed = await placeOrder(stack, ava.token, randomUUID(), {
      lines: [{ sku: 'GR-1018', quantity: 1 }],
    });
    const id = placed.json.id as string;
    const as = (token: string) =>
      fetch(`${stack.crm.url}/orders/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await as(ava.token)).status).toBe(200);
    expect((await as(elias.token)).status).toBe(404);
    expect((await as(ops.token)).status).toBe(200);
    expect((await fetch(`${stack.crm.url}/orders/${id}`)).status).toBe(401);
    const list = await fetch(`${stack.crm.url}/customers/${ava.userId}/orders`, {
      headers: { authorization: `Bearer ${elias.token}` },
    });
    expect(list.status).toBe(404);
  });

  it('refuses an order for stock that is not there and changes nothing', async () => {
    const sku = 'GR-1019';
    await setStock(sku, 1, 0);
    const before = await stockOf(stack, sku);
    const { status, json } = await placeOrder(stack, ava.token, randomUUID(), {
      lines: [{ sku, quantity: 5 }],
    });
    expect(status).toBe(409);
    expect(json.error?.code).toBe('OUT_OF_STOCK');
    expect(await stockOf(stack, sku)).toEqual(before);
  });
});
