import { randomUUID } from 'node:crypto';
import { Harness, type CallOptions } from './helpers';

let h: Harness;
const ids = { held: randomUUID(), committed: randomUUID(), released: randomUUID() };

beforeAll(async () => {
  h = await Harness.start();
  // Fixtures the table needs, created before any snapshot is taken.
  await h.pool.query(
    `INSERT INTO inventory.products (sku, name, category, price_cents, active)
     VALUES ('GR-0999', 'Discontinued Kettle', 'home', 2999, false)`,
  );
  await h.pool.query(
    "INSERT INTO inventory.stock (sku, warehouse_id, on_hand) VALUES ('GR-0999', 'wh-us-east-1', 40)",
  );
  expect(
    (await h.reserve([{ sku: 'GR-1003', quantity: 30 }], { reservationId: ids.held })).status,
  ).toBe(201);
  expect(
    (await h.reserve([{ sku: 'GR-1004', quantity: 1 }], { reservationId: ids.committed })).status,
  ).toBe(201);
  expect(
    (await h.call('POST', `/reservations/${ids.committed}/commit`, { token: h.service })).status,
  ).toBe(200);
  expect(
    (await h.call('POST', `/reservations/${ids.released}/release`, { token: h.service })).status,
  ).toBe(200);
});
afterAll(() => h.stop());

const SQL = "GR-1001'; DROP TABLE inventory.stock; --";
const line = (quantity: unknown, sku: unknown = 'GR-1001') => ({ sku, quantity });
const reserveBody = (overrides: Record<string, unknown> = {}) => ({
  reservationId: randomUUID(),
  orderId: 'order-bad-input',
  region: 'us-east-1',
  lines: [line(1)],
  ...overrides,
});
const huge = 'x'.repeat(150 * 1024);

interface Case {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  options: Omit<CallOptions, 'token'> & { token?: 'service' | 'operator' };
  status: number;
  code: string;
}

type Row<T> = [name: string, input: T, status: number, code: string];
type Options = Case['options'];

const reserveCases: Case[] = (
  [
    ['malformed JSON', { raw: '{"reservationId": "' }, 400, 'INVALID_JSON'],
    ['JSON null', { raw: 'null' }, 400, 'INVALID_JSON'],
    ['a JSON array', { body: [reserveBody()] }, 400, 'VALIDATION_FAILED'],
    [
      'not JSON',
      { raw: 'reservationId=1', contentType: 'text/plain' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['an oversized body', { body: reserveBody({ orderId: huge }) }, 413, 'PAYLOAD_TOO_LARGE'],
    [
      'no reservationId',
      { body: { ...reserveBody(), reservationId: undefined } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a reservationId that is not a uuid',
      { body: reserveBody({ reservationId: 'res-1' }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a numeric reservationId',
      { body: reserveBody({ reservationId: 42 }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['no orderId', { body: { ...reserveBody(), orderId: undefined } }, 400, 'VALIDATION_FAILED'],
    [
      'an SQL-injection orderId',
      { body: reserveBody({ orderId: "1' OR '1'='1" }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an orderId with control characters',
      { body: reserveBody({ orderId: 'order\u0000\u001b[2J' }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown region',
      { body: reserveBody({ region: 'ap-south-1' }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['no lines', { body: reserveBody({ lines: [] }) }, 400, 'VALIDATION_FAILED'],
    [
      'lines that are not a list',
      { body: reserveBody({ lines: { sku: 'GR-1001', quantity: 1 } }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'more than 50 lines',
      {
        body: reserveBody({
          lines: Array.from({ length: 51 }, (_, i) => line(1, `GR-${2000 + i}`)),
        }),
      },
      400,
      'VALIDATION_FAILED',
    ],
    ['quantity 0', { body: reserveBody({ lines: [line(0)] }) }, 400, 'VALIDATION_FAILED'],
    ['a negative quantity', { body: reserveBody({ lines: [line(-3)] }) }, 400, 'VALIDATION_FAILED'],
    [
      'a fractional quantity',
      { body: reserveBody({ lines: [line(1.5)] }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['an absurd quantity', { body: reserveBody({ lines: [line(1e9)] }) }, 400, 'VALIDATION_FAILED'],
    [
      'a quantity as a string',
      { body: reserveBody({ lines: [line('2')] }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['a null quantity', { body: reserveBody({ lines: [line(null)] }) }, 400, 'VALIDATION_FAILED'],
    [
      'the same SKU twice',
      { body: reserveBody({ lines: [line(1), line(2)] }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a lower-case SKU',
      { body: reserveBody({ lines: [line(1, 'gr-1001')] }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an SQL-injection SKU',
      { body: reserveBody({ lines: [line(1, SQL)] }) },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a SKU with control characters',
      { body: reserveBody({ lines: [line(1, 'GR-10\n01')] }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['ttlSeconds 0', { body: reserveBody({ ttlSeconds: 0 }) }, 400, 'VALIDATION_FAILED'],
    [
      'ttlSeconds above an hour',
      { body: reserveBody({ ttlSeconds: 3601 }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['fractional ttlSeconds', { body: reserveBody({ ttlSeconds: 1.5 }) }, 400, 'VALIDATION_FAILED'],
    [
      'an unknown SKU',
      { body: reserveBody({ lines: [line(1), line(1, 'GR-9999')] }) },
      422,
      'UNKNOWN_SKU',
    ],
    ['an inactive SKU', { body: reserveBody({ lines: [line(1, 'GR-0999')] }) }, 422, 'UNKNOWN_SKU'],
    [
      'more than exists',
      { body: reserveBody({ lines: [line(2), line(1000, 'GR-1012')] }) },
      409,
      'INSUFFICIENT_STOCK',
    ],
    [
      'a released reservation id',
      { body: reserveBody({ reservationId: ids.released }) },
      409,
      'RESERVATION_RELEASED',
    ],
  ] satisfies Row<Options>[]
).map(([name, options, status, code]) => ({
  name,
  method: 'POST' as const,
  path: '/reservations',
  options: { token: 'service' as const, ...options },
  status,
  code,
}));

const put = (body: unknown, sku = 'GR-1003'): { sku: string; options: Options } => ({
  sku,
  options: { body },
});
const adjustCases: Case[] = (
  [
    ['malformed JSON', { sku: 'GR-1003', options: { raw: '{"onHand": 5,' } }, 400, 'INVALID_JSON'],
    [
      'an oversized body',
      put({ warehouseId: 'wh-us-east-1', onHand: 5, reason: huge }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['no onHand', put({ warehouseId: 'wh-us-east-1' }), 400, 'VALIDATION_FAILED'],
    [
      'a negative onHand',
      put({ warehouseId: 'wh-us-east-1', onHand: -1 }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a fractional onHand',
      put({ warehouseId: 'wh-us-east-1', onHand: 2.5 }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an onHand string',
      put({ warehouseId: 'wh-us-east-1', onHand: '10' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an absurd onHand',
      put({ warehouseId: 'wh-us-east-1', onHand: 10_000_000 }),
      400,
      'VALIDATION_FAILED',
    ],
    ['no warehouseId', put({ onHand: 5 }), 400, 'VALIDATION_FAILED'],
    [
      'an SQL-injection warehouseId',
      put({ warehouseId: "wh-us-east-1' OR 1=1 --", onHand: 5 }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown warehouse',
      put({ warehouseId: 'wh-mars-1', onHand: 5 }),
      422,
      'UNKNOWN_WAREHOUSE',
    ],
    [
      'a reason with control characters',
      put({ warehouseId: 'wh-us-east-1', onHand: 5, reason: 'count\u0007ed' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an over-long reason',
      put({ warehouseId: 'wh-us-east-1', onHand: 5, reason: 'r'.repeat(201) }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a lower-case product id',
      put({ warehouseId: 'wh-us-east-1', onHand: 5 }, 'gr-1003'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an SQL-injection product id',
      put({ warehouseId: 'wh-us-east-1', onHand: 5 }, encodeURIComponent(SQL)),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown product',
      put({ warehouseId: 'wh-us-east-1', onHand: 5 }, 'GR-9999'),
      404,
      'NOT_FOUND',
    ],
    [
      'on hand below what is held',
      put({ warehouseId: 'wh-us-east-1', onHand: 29 }),
      409,
      'STOCK_BELOW_RESERVED',
    ],
  ] satisfies Row<{ sku: string; options: Options }>[]
).map(([name, { sku, options }, status, code]) => ({
  name,
  method: 'PUT' as const,
  path: `/inventory/${sku}`,
  options: { token: 'operator' as const, ...options },
  status,
  code,
}));

const transitionCases: Case[] = (['commit', 'release'] as const).flatMap((action) => [
  {
    name: `${action} with a malformed id`,
    method: 'POST' as const,
    path: `/reservations/not-a-uuid/${action}`,
    options: { token: 'service' as const },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: `${action} with an SQL-injection id`,
    method: 'POST' as const,
    path: `/reservations/${encodeURIComponent("1' OR '1'='1")}/${action}`,
    options: { token: 'service' as const },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: `${action} with an almost-uuid`,
    method: 'POST' as const,
    path: `/reservations/${randomUUID().slice(0, -1)}z/${action}`,
    options: { token: 'service' as const },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: `${action} with a bad JSON body`,
    method: 'POST' as const,
    path: `/reservations/${ids.held}/${action}`,
    options: { token: 'service' as const, raw: '{oops' },
    status: 400,
    code: 'INVALID_JSON',
  },
]);
transitionCases.push(
  {
    name: 'commit of an unknown reservation',
    method: 'POST',
    path: `/reservations/${randomUUID()}/commit`,
    options: { token: 'service' },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'commit of a released reservation',
    method: 'POST',
    path: `/reservations/${ids.released}/commit`,
    options: { token: 'service' },
    status: 409,
    code: 'RESERVATION_NOT_HELD',
  },
  {
    name: 'release of a committed reservation',
    method: 'POST',
    path: `/reservations/${ids.committed}/release`,
    options: { token: 'service' },
    status: 409,
    code: 'RESERVATION_COMMITTED',
  },
);

describe('bad input is refused with a 4xx and writes nothing', () => {
  it.each(
    [...reserveCases, ...adjustCases, ...transitionCases].map(
      (c) => [`${c.method} ${c.path.split('/')[1]}: ${c.name}`, c] as const,
    ),
  )('%s', async (_label, c) => {
    const before = await h.snapshot();
    const token = c.options.token === 'operator' ? h.operator : h.service;
    const reply = await h.call(c.method, c.path, { ...c.options, token });
    expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(await h.snapshot()).toEqual(before);
  });

  it('names every unknown or inactive SKU in the 422', async () => {
    const reply = await h.reserve([
      { sku: 'GR-1001', quantity: 1 },
      { sku: 'GR-9999', quantity: 1 },
      { sku: 'GR-0999', quantity: 1 },
    ]);
    expect(reply.body.error.details).toEqual([
      { sku: 'GR-9999', problem: 'unknown' },
      { sku: 'GR-0999', problem: 'inactive' },
    ]);
  });

  it('details the shortfall per SKU in the 409', async () => {
    const reply = await h.reserve([
      { sku: 'GR-1001', quantity: 2 },
      { sku: 'GR-1012', quantity: 1000 },
    ]);
    expect(reply.body.error.details).toEqual([{ sku: 'GR-1012', requested: 1000, available: 62 }]);
  });

  it('stores SQL-looking free text verbatim: it is data, never code', async () => {
    const reason = "recount'); DELETE FROM inventory.stock; --";
    const reply = await h.call('PUT', '/inventory/GR-1006', {
      token: h.operator,
      body: { warehouseId: 'wh-us-east-1', onHand: 211, reason },
    });
    expect(reply.status).toBe(200);
    const { rows } = await h.pool.query(
      "SELECT reason FROM inventory.stock_audit WHERE sku = 'GR-1006' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0].reason).toBe(reason);
    const { rows: count } = await h.pool.query('SELECT count(*)::int AS n FROM inventory.stock');
    expect(count[0].n).toBeGreaterThan(40);
  });
});
