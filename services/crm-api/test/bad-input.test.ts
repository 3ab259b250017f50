import { serviceToken } from '@globalretail/service-kit/testing';
import { type CallOptions, type CrmApiUnderTest, DEMO, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
const tokens: Record<'ava' | 'ops', string> = { ava: '', ops: '' };
beforeAll(async () => {
  crm = await startCrmApi();
  tokens.ava = await crm.login(DEMO.ava.email);
  tokens.ops = await crm.login(DEMO.ops.email);
});
afterAll(() => crm.stop());

interface Case {
  name: string;
  method: 'POST';
  path: string;
  as?: keyof typeof tokens | 'service';
  idempotencyKey?: string | null;
  options: CallOptions;
  status: number;
  code: string;
}

const line = (sku: string, quantity: unknown) => ({ sku, quantity });
const address = {
  name: 'Ava Thompson',
  line1: '350 Fifth Avenue',
  city: 'New York',
  postalCode: '10118',
  country: 'US',
};
const order = (body: unknown): CallOptions => ({ body });
const fiftyOneLines = Array.from({ length: 51 }, (_, i) =>
  line(`SKU-${String(i).padStart(3, '0')}`, 1),
);
const big = 'x'.repeat(150 * 1024);

const orderCases: Omit<Case, 'method' | 'path'>[] = [
  { name: 'broken JSON', options: { rawBody: '{"lines": [' }, status: 400, code: 'INVALID_JSON' },
  { name: 'JSON null', options: { rawBody: 'null' }, status: 400, code: 'INVALID_JSON' },
  { name: 'an array body', options: order([]), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'missing lines', options: order({}), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'no lines', options: order({ lines: [] }), status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'lines not a list',
    options: order({ lines: 'WIDGET-1' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  ...[0, -1, 1.5, 1e9, '3', null, true].map((quantity) => ({
    name: `quantity ${JSON.stringify(quantity)}`,
    options: order({ lines: [line('WIDGET-1', quantity)] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  })),
  {
    name: 'missing quantity',
    options: order({ lines: [{ sku: 'WIDGET-1' }] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unknown SKU',
    options: order({ lines: [line('NOPE-404', 1)] }),
    status: 422,
    code: 'UNKNOWN_SKU',
  },
  {
    name: 'inactive SKU',
    options: order({ lines: [line('RETIRED-9', 1)] }),
    status: 422,
    code: 'UNKNOWN_SKU',
  },
  {
    name: '51 lines',
    options: order({ lines: fiftyOneLines }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'duplicate SKUs',
    options: order({ lines: [line('WIDGET-1', 1), line('WIDGET-1', 2)] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  ...[
    "WIDGET-1'; DROP TABLE crm.orders; --",
    '<script>alert(1)</script>',
    'widget-1',
    '../../etc/passwd',
    'WIDGET-1\u0000',
    '',
    'A'.repeat(33),
  ].map((sku) => ({
    name: `hostile SKU ${JSON.stringify(sku).slice(0, 40)}`,
    options: order({ lines: [line(sku, 1)] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  })),
  {
    name: 'control characters in the address',
    options: order({
      lines: [line('WIDGET-1', 1)],
      shipTo: { ...address, name: 'Ava\u0000\u001b[31m' },
    }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a country that is not ISO 3166',
    options: order({ lines: [line('WIDGET-1', 1)], shipTo: { ...address, country: 'USA' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a hostile postal code',
    options: order({
      lines: [line('WIDGET-1', 1)],
      shipTo: { ...address, postalCode: "1' OR '1'='1" },
    }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an unknown service level',
    options: order({ lines: [line('WIDGET-1', 1)], serviceLevel: 'teleport' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an unexpected field (customerId)',
    options: order({ lines: [line('WIDGET-1', 1)], customerId: DEMO.elias.id }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a __proto__ key',
    options: { rawBody: '{"lines":[{"sku":"WIDGET-1","quantity":1}],"__proto__":{"admin":true}}' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an oversized body',
    options: order({ lines: [line('WIDGET-1', 1)], shipTo: { ...address, line1: big } }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a form instead of JSON',
    options: { rawBody: 'lines=WIDGET-1', contentType: 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'JSON sent as text/plain',
    options: { rawBody: '{"lines":[{"sku":"WIDGET-1","quantity":1}]}', contentType: 'text/plain' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'no Idempotency-Key',
    idempotencyKey: null,
    options: order({ lines: [line('WIDGET-1', 1)] }),
    status: 400,
    code: 'IDEMPOTENCY_KEY_REQUIRED',
  },
  ...['', 'has space', 'semi;colon', 'ü-umlaut', 'k'.repeat(101)].map((key) => ({
    name: `Idempotency-Key ${JSON.stringify(key).slice(0, 30)}`,
    idempotencyKey: key,
    options: order({ lines: [line('WIDGET-1', 1)] }),
    status: 400,
    code: 'IDEMPOTENCY_KEY_INVALID',
  })),
  {
    name: 'an operator placing an order',
    as: 'ops',
    options: order({ lines: [line('WIDGET-1', 1)] }),
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'no credentials',
    as: undefined,
    options: order({ lines: [line('WIDGET-1', 1)] }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
];

const signUp = (overrides: Record<string, unknown>): CallOptions => ({
  body: {
    email: 'new.customer@example.com',
    name: 'New Customer',
    region: 'us-east-1',
    password: 'long-enough-password',
    ...overrides,
  },
});

const customerCases: Omit<Case, 'method' | 'path'>[] = [
  { name: 'broken JSON', options: { rawBody: '{"email":' }, status: 400, code: 'INVALID_JSON' },
  { name: 'empty object', options: { body: {} }, status: 400, code: 'VALIDATION_FAILED' },
  ...['not-an-email', 'a@', '@example.com', `${'a'.repeat(250)}@example.com`, 42].map((email) => ({
    name: `email ${JSON.stringify(email).slice(0, 30)}`,
    options: signUp({ email }),
    status: 400,
    code: 'VALIDATION_FAILED',
  })),
  ...['', '   ', 'Bad\u0000Name', 'Line\nBreak', 'n'.repeat(121)].map((name) => ({
    name: `name ${JSON.stringify(name).slice(0, 30)}`,
    options: signUp({ name }),
    status: 400,
    code: 'VALIDATION_FAILED',
  })),
  ...['short', '123456789', 12345678901, 'p'.repeat(201)].map((password) => ({
    name: `password ${JSON.stringify(password).slice(0, 20)}`,
    options: signUp({ password }),
    status: 400,
    code: 'VALIDATION_FAILED',
  })),
  ...['ap-south-1', 'US-EAST-1', ''].map((region) => ({
    name: `region ${JSON.stringify(region)}`,
    options: signUp({ region }),
    status: 400,
    code: 'VALIDATION_FAILED',
  })),
  {
    name: 'an address without a city',
    options: signUp({ address: { ...address, city: undefined } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an address in "Germany"',
    options: signUp({ address: { ...address, country: 'Germany' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'asking for the operator role',
    options: signUp({ role: 'operator' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a taken email',
    options: signUp({ email: 'Ava@GlobalRetail.example' }),
    status: 409,
    code: 'EMAIL_TAKEN',
  },
  {
    name: 'an oversized body',
    options: signUp({ name: big }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'wrong content type',
    options: { rawBody: 'email=x', contentType: 'text/plain' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
];

const loginCases: Omit<Case, 'method' | 'path'>[] = [
  { name: 'broken JSON', options: { rawBody: '{"email"' }, status: 400, code: 'INVALID_JSON' },
  { name: 'empty object', options: { body: {} }, status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'email not a string',
    options: { body: { email: ['ava@globalretail.example'], password: 'demo-password' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'not an email',
    options: { body: { email: "' OR 1=1 --", password: 'demo-password' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'empty password',
    options: { body: { email: DEMO.ava.email, password: '' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a huge password',
    options: { body: { email: DEMO.ava.email, password: 'p'.repeat(10_000) } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an unexpected field',
    options: { body: { email: DEMO.ava.email, password: 'demo-password', role: 'operator' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'wrong content type',
    options: { rawBody: 'email=ava&password=x', contentType: 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a wrong password',
    options: { body: { email: DEMO.ava.email, password: 'wrong-password' } },
    status: 401,
    code: 'INVALID_CREDENTIALS',
  },
];

const eventCases: Omit<Case, 'method' | 'path'>[] = [
  {
    name: 'no events list',
    as: 'service',
    options: { body: { source: 'order-service' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an event id that is not a UUID',
    as: 'service',
    options: {
      body: {
        source: 'order-service',
        events: [
          {
            eventId: '1',
            source: 'order-service',
            sequence: 1,
            type: 'supply-order.confirmed',
            aggregateType: 'supply-order',
            aggregateId: 'x',
            payload: {},
            occurredAt: new Date().toISOString(),
          },
        ],
      },
    },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];

const cases: Case[] = [
  ...orderCases.map((c) => ({
    as: 'ava' as const,
    ...c,
    method: 'POST' as const,
    path: '/orders',
  })),
  ...customerCases.map((c) => ({ ...c, method: 'POST' as const, path: '/customers' })),
  ...loginCases.map((c) => ({ ...c, method: 'POST' as const, path: '/auth/login' })),
  ...eventCases.map((c) => ({ ...c, method: 'POST' as const, path: '/events' })),
];

describe('bad input is refused with a 4xx and changes nothing', () => {
  let before: Record<string, string>;
  beforeAll(async () => {
    before = await crm.snapshot();
  });

  it.each(cases.map((c) => [`${c.path}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const headers: Record<string, string> = { ...c.options.headers };
    if (c.path === '/orders' && c.idempotencyKey !== null) {
      headers['idempotency-key'] = c.idempotencyKey ?? `bad-input-${cases.indexOf(c)}`;
    }
    const token =
      c.as === 'service' ? serviceToken('order-service') : c.as ? tokens[c.as] : undefined;
    const res = await crm.call(c.method, c.path, { ...c.options, headers, token });
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(await crm.snapshot()).toEqual(before);
  });

  it('never reached order-service', () => {
    expect(crm.orderService.calls).toEqual([]);
  });
});
