import { randomUUID } from 'node:crypto';
import { call, FakeClock, shipmentBody, snapshot, startHarness, type Harness } from './helpers';

const clock = new FakeClock();
let h: Harness;
let existingId: string;

beforeAll(async () => {
  h = await startHarness({ overrides: { now: clock.now } });
  // Something in every table, so "nothing changed" is not trivially true.
  const created = await call(h.url, 'POST', '/shipments', { body: shipmentBody() });
  existingId = created.body.id;
});
afterAll(() => h.stop());

const valid = shipmentBody();
const withDestination = (patch: Record<string, unknown>) => ({
  ...shipmentBody(),
  destination: { ...valid.destination, ...patch },
});
const withItems = (items: unknown) => ({ ...shipmentBody(), items });
const big = 'x'.repeat(200 * 1024);

interface BadCase {
  name: string;
  method?: 'POST';
  path?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  status: number;
  code: string;
}

const createCases: BadCase[] = [
  { name: 'invalid JSON', raw: '{"shipmentId":', status: 400, code: 'INVALID_JSON' },
  { name: 'a JSON string, not an object', raw: '"hello"', status: 400, code: 'INVALID_JSON' },
  { name: 'an array', body: [valid], status: 400, code: 'VALIDATION_FAILED' },
  { name: 'an empty object', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'not JSON at all',
    raw: 'shipmentId=1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'oversized body',
    body: { ...shipmentBody(), padding: big },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'shipmentId missing',
    body: { ...shipmentBody(), shipmentId: undefined },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'shipmentId not a uuid',
    body: { ...shipmentBody(), shipmentId: '42' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'orderId a number',
    body: { ...shipmentBody(), orderId: 42 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'orderId empty',
    body: { ...shipmentBody(), orderId: '' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'orderId with SQL',
    body: { ...shipmentBody(), orderId: "x'; DROP TABLE logistics.shipments; --" },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'warehouse id with a path',
    body: { ...shipmentBody(), originWarehouseId: '../../etc/passwd' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'warehouse id too long',
    body: { ...shipmentBody(), originWarehouseId: 'W'.repeat(65) },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unknown warehouse region',
    body: { ...shipmentBody(), originRegion: 'ap-south-1' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'region missing',
    body: { ...shipmentBody(), originRegion: undefined },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'destination missing',
    body: { ...shipmentBody(), destination: undefined },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'destination a string',
    body: { ...shipmentBody(), destination: 'Boston' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'country lower case',
    body: withDestination({ country: 'us' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'country a name',
    body: withDestination({ country: 'United States' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'name blank',
    body: withDestination({ name: '   ' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'name with a NUL byte',
    body: withDestination({ name: 'Ada\u0000Lovelace' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'street with a newline',
    body: withDestination({ line1: '1 Main St\r\nX-Injected: yes' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'city too long',
    body: withDestination({ city: 'C'.repeat(101) }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'postal code with markup',
    body: withDestination({ postalCode: '<script>' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'items missing', body: withItems(undefined), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'no items', body: withItems([]), status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'items an object',
    body: withItems({ sku: 'MUG-CLASSIC', quantity: 1 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'quantity zero',
    body: withItems([{ sku: 'MUG-CLASSIC', quantity: 0 }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'quantity negative',
    body: withItems([{ sku: 'MUG-CLASSIC', quantity: -3 }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'quantity fractional',
    body: withItems([{ sku: 'MUG-CLASSIC', quantity: 1.5 }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'quantity a string',
    body: withItems([{ sku: 'MUG-CLASSIC', quantity: '2' }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'quantity absurd',
    body: withItems([{ sku: 'MUG-CLASSIC', quantity: 1_000_001 }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'quantity missing',
    body: withItems([{ sku: 'MUG-CLASSIC' }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'sku lower case',
    body: withItems([{ sku: 'mug', quantity: 1 }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'sku twice',
    body: withItems([
      { sku: 'MUG-CLASSIC', quantity: 1 },
      { sku: 'MUG-CLASSIC', quantity: 2 },
    ]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'too many lines',
    body: withItems(Array.from({ length: 51 }, (_, i) => ({ sku: `SKU-${i + 100}`, quantity: 1 }))),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unknown service level',
    body: { ...shipmentBody(), serviceLevel: 'overnight' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unsupported destination',
    body: withDestination({ country: 'AU', city: 'Sydney' }),
    status: 422,
    code: 'UNSUPPORTED_DESTINATION',
  },
  {
    name: 'a country no lane from Dublin reaches',
    body: { ...withDestination({ country: 'JP' }), originRegion: 'eu-west-1' },
    status: 422,
    code: 'UNSUPPORTED_DESTINATION',
  },
];

const cancelCases = (): BadCase[] => [
  {
    name: 'cancel: id not a uuid',
    path: '/shipments/not-a-uuid/cancel',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'cancel: SQL in the id',
    path: "/shipments/1'%20OR%20'1'='1/cancel",
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'cancel: invalid JSON body',
    path: `/shipments/${existingId}/cancel`,
    raw: '{oops',
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'cancel: oversized body',
    path: `/shipments/${existingId}/cancel`,
    body: { padding: big },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
];

describe('bad input writes nothing', () => {
  it.each(createCases.map((c) => [c.name, c] as const))('POST /shipments: %s', async (_name, c) => {
    const before = await snapshot(h.db);
    const res = await call(h.url, 'POST', c.path ?? '/shipments', {
      body: c.body,
      raw: c.raw,
      contentType: c.contentType,
    });
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(await snapshot(h.db)).toBe(before);
  });

  it('POST /shipments/:id/cancel: malformed ids and bodies', async () => {
    for (const c of cancelCases()) {
      const before = await snapshot(h.db);
      const res = await call(h.url, 'POST', c.path!, { body: c.body, raw: c.raw });
      expect({ name: c.name, status: res.status, code: res.body?.error?.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      expect(await snapshot(h.db)).toBe(before);
    }
    expect((await call(h.url, 'GET', `/shipments/${existingId}`)).body.status).toBe(
      'LABEL_CREATED',
    );
  });

  it('the same requests without credentials are refused before anything is written', async () => {
    const before = await snapshot(h.db);
    const id = randomUUID();
    expect(
      (await call(h.url, 'POST', '/shipments', { auth: null, body: shipmentBody() })).status,
    ).toBe(401);
    expect((await call(h.url, 'POST', `/shipments/${id}/cancel`, { auth: null })).status).toBe(401);
    expect(await snapshot(h.db)).toBe(before);
  });

  it('stores hostile but well-formed text as data, and never reflects it on the public page', async () => {
    const body = {
      ...shipmentBody(),
      destination: {
        ...valid.destination,
        name: "Robert'); DROP TABLE logistics.shipments;--",
        line1: '<img src=x onerror=alert(1)>',
      },
    };
    const res = await call(h.url, 'POST', '/shipments', { body });
    expect(res.status).toBe(201);
    expect(res.body.destination.name).toBe(body.destination.name);
    const page = await call(h.url, 'GET', `/tracking/${res.body.trackingNumber}`, { auth: null });
    expect(page.text).not.toContain('DROP TABLE');
    expect(page.text).not.toContain('onerror');
  });
});

describe('GET /openapi.json', () => {
  it('documents every route with its callers, and every documented route exists', async () => {
    const res = await call(h.url, 'GET', '/openapi.json', { auth: null });
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { 'x-allowed-callers'?: string[] }>
    >;
    const operations = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /shipments',
        'GET /shipments/{id}',
        'GET /tracking/{trackingNumber}',
        'POST /shipments',
        'POST /shipments/{id}/cancel',
      ].sort(),
    );
    expect(paths['/shipments']!.post!['x-allowed-callers']).toEqual(['service', 'operator']);
    expect(paths['/tracking/{trackingNumber}']!.get!['x-allowed-callers']).toBeUndefined();

    for (const op of operations) {
      const [method, path] = op.split(' ') as [string, string];
      const concrete = path.replace('{id}', randomUUID()).replace('{trackingNumber}', 'GR0');
      const answer = await call(h.url, method, concrete, { auth: null });
      expect(answer.body?.error?.code).not.toBe('ROUTE_NOT_FOUND');
    }
  });
});
