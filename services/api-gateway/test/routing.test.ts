/**
 * @jest-environment ./test/support/native-esm-environment.js
 */
import {
  StandIn,
  Tokens,
  call,
  rawGet,
  startStandIns,
  startTestGateway,
  upstreamEnv,
  type TestGateway,
} from './helpers';
import { ROUTES } from '../src/route-table';
import type { UpstreamName } from '../src/config';

let upstreams: Record<UpstreamName, StandIn>;
let tokens: Tokens;
let gateway: TestGateway;

beforeAll(async () => {
  [upstreams, tokens] = await Promise.all([startStandIns(), new Tokens().start()]);
  gateway = await startTestGateway({
    ...upstreamEnv(Object.fromEntries(Object.entries(upstreams).map(([n, s]) => [n, s.url]))),
    JWKS_URL: tokens.jwksUrl,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all([...Object.values(upstreams ?? {}).map((s) => s.stop()), tokens?.stop()]);
});
beforeEach(() => {
  for (const s of Object.values(upstreams)) {
    s.seen.length = 0;
    s.respond = undefined;
  }
});

function received(): { service: string; url: string }[] {
  return Object.values(upstreams).flatMap((s) =>
    s.seen.map((r) => ({ service: s.name, url: r.url })),
  );
}

type Who = 'anyone' | 'customer' | 'operator';
const MAP: [
  method: string,
  path: string,
  who: Who,
  upstream: UpstreamName,
  upstreamPath: string,
][] = [
  ['GET', '/', 'anyone', 'crm-ui', '/'],
  ['GET', '/login', 'anyone', 'crm-ui', '/login'],
  ['GET', '/orders/o-42', 'anyone', 'crm-ui', '/orders/o-42'],
  ['GET', '/assets/index-3f2a.js', 'anyone', 'crm-ui', '/assets/index-3f2a.js'],
  ['GET', '/tracking', 'anyone', 'crm-ui', '/tracking'],
  ['GET', '/apikeys', 'anyone', 'crm-ui', '/apikeys'],
  ['GET', '/track', 'anyone', 'tracking-ui', '/track'],
  [
    'GET',
    '/track/1Z999AA10123456784?x=1',
    'anyone',
    'tracking-ui',
    '/track/1Z999AA10123456784?x=1',
  ],
  ['GET', '/analytics/sales', 'anyone', 'crm-analytics', '/analytics/sales'],
  [
    'GET',
    '/analytics/sales/assets/app.js',
    'anyone',
    'crm-analytics',
    '/analytics/sales/assets/app.js',
  ],
  ['GET', '/analytics/supply', 'anyone', 'analytics-service', '/analytics/supply'],
  ['GET', '/analytics/supply/', 'anyone', 'analytics-service', '/analytics/supply/'],
  ['POST', '/api/auth/login', 'anyone', 'crm-api', '/auth/login'],
  ['POST', '/api/customers', 'anyone', 'crm-api', '/customers'],
  ['GET', '/api/customers/c-1', 'customer', 'crm-api', '/customers/c-1'],
  [
    'GET',
    '/api/customers/c-1/orders?limit=5',
    'customer',
    'crm-api',
    '/customers/c-1/orders?limit=5',
  ],
  ['POST', '/api/orders', 'customer', 'crm-api', '/orders'],
  ['GET', '/api/orders/o-1', 'operator', 'crm-api', '/orders/o-1'],
  ['GET', '/api/products', 'anyone', 'inventory-service', '/products'],
  [
    'GET',
    '/api/products/GR-1001?region=eu-west-1',
    'anyone',
    'inventory-service',
    '/products/GR-1001?region=eu-west-1',
  ],
  ['GET', '/api/inventory/GR-1001', 'anyone', 'inventory-service', '/inventory/GR-1001'],
  ['PUT', '/api/inventory/GR-1001', 'operator', 'inventory-service', '/inventory/GR-1001'],
  ['GET', '/api/warehouses', 'anyone', 'inventory-service', '/warehouses'],
  [
    'GET',
    '/api/tracking/1Z999AA10123456784',
    'anyone',
    'logistics-service',
    '/tracking/1Z999AA10123456784',
  ],
  [
    'GET',
    '/api/analytics/sales/summary?days=7',
    'operator',
    'crm-analytics',
    '/sales/summary?days=7',
  ],
  ['GET', '/api/analytics/sales', 'operator', 'crm-analytics', '/sales'],
  ['GET', '/api/analytics/supply/stock/x', 'operator', 'analytics-service', '/supply/stock/x'],
  ['GET', '/.well-known/jwks.json', 'anyone', 'crm-api', '/.well-known/jwks.json'],
];

describe('the URL map', () => {
  it.each(MAP)('%s %s -> %s (%s) %s', async (method, path, who, upstream, upstreamPath) => {
    const token =
      who === 'customer' ? tokens.customer() : who === 'operator' ? tokens.operator() : undefined;
    const body = method === 'POST' || method === 'PUT' ? { probe: path } : undefined;
    const reply = await call(method, `${gateway.url}${path}`, { token, json: body });
    expect(reply.status).toBe(200);
    expect(received()).toEqual([{ service: upstream, url: upstreamPath }]);
    expect(reply.body).toMatchObject({ service: upstream, method, url: upstreamPath });
  });

  it('covers every route of the table', () => {
    const claims = (route: (typeof ROUTES)[number], path: string) => {
      const pathname = path.split('?')[0]!;
      if (route.exact || pathname === route.path) return pathname === route.path;
      return route.path === '/' || pathname.startsWith(`${route.path}/`);
    };
    const groups = new Set(MAP.map(([, path]) => ROUTES.find((r) => claims(r, path))?.group));
    expect([...groups].sort()).toEqual(ROUTES.map((r) => r.group).sort());
  });

  it('answers /api paths no route claims with a JSON 404, forwarding nothing', async () => {
    for (const path of [
      '/api/unknown',
      '/api',
      '/api/events',
      '/api/analytics/other',
      '/api/reservations/r-1',
    ]) {
      const reply = await call('GET', `${gateway.url}${path}`, { token: tokens.operator() });
      expect([path, reply.status, reply.body?.error?.code]).toEqual([path, 404, 'ROUTE_NOT_FOUND']);
    }
    expect(received()).toEqual([]);
  });

  it('refuses dot segments and encoded separators (400), which could reach unmapped paths', async () => {
    for (const path of [
      '/api/products/../events',
      '/api/products/%2e%2e/events',
      '/api/orders/a%2Fb',
      '/api/tracking/x%5C..%5Cevents',
      '/track/./x',
    ]) {
      const reply = await rawGet(gateway.url, path);
      expect([path, reply.status, reply.body?.error?.code]).toEqual([path, 400, 'BAD_PATH']);
    }
    expect(received()).toEqual([]);
  });
});

describe('what is forwarded', () => {
  it('sends a JSON body on unchanged in meaning, with a matching length', async () => {
    const doc = { email: 'new@test.example', name: 'Zoë', nested: { list: [1, 2.5, null, true] } };
    await call('POST', `${gateway.url}/api/customers`, {
      raw: JSON.stringify(doc, null, 2),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    const seen = upstreams['crm-api'].last!;
    expect(JSON.parse(seen.body.toString('utf8'))).toEqual(doc);
    expect(Number(seen.headers['content-length'])).toBe(seen.body.length);
  });

  it('sends other bodies byte for byte', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    await call('PUT', `${gateway.url}/api/inventory/GR-1001`, {
      token: tokens.operator(),
      raw: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upstreams['inventory-service'].last!.body.equals(bytes)).toBe(true);
  });

  it('forwards the Authorization header exactly as sent', async () => {
    const token = tokens.customer('cust-77');
    await call('GET', `${gateway.url}/api/orders/o-1`, { token });
    expect(upstreams['crm-api'].last!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('creates a request id when there is none and forwards it; keeps a sane one; replaces a bad one', async () => {
    const created = await call('GET', `${gateway.url}/api/products`);
    const id = created.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstreams['inventory-service'].last!.headers['x-request-id']).toBe(id);

    await call('GET', `${gateway.url}/api/products`, {
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(upstreams['inventory-service'].last!.headers['x-request-id']).toBe('trace-abc.123');

    const bad = await call('GET', `${gateway.url}/api/products`, {
      headers: { 'x-request-id': 'not ok; <script>' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstreams['inventory-service'].last!.headers['x-request-id']).toBe(
      bad.headers['x-request-id'],
    );
  });

  it('appends the peer to X-Forwarded-For, keeping only the hops it trusts', async () => {
    await call('GET', `${gateway.url}/api/products`);
    expect(upstreams['inventory-service'].last!.headers['x-forwarded-for']).toBe('127.0.0.1');
    // Loopback (this test) is a trusted proxy; 203.0.113.7 is the first untrusted hop, so it is
    // the client, and whatever it claimed before it (10.0.0.9) is dropped.
    await call('GET', `${gateway.url}/api/products`, {
      headers: { 'x-forwarded-for': '10.0.0.9, 203.0.113.7' },
    });
    const seen = upstreams['inventory-service'].last!.headers;
    expect(seen['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(new URL(gateway.url).host);
  });
});

describe('security headers', () => {
  it('gives JSON APIs helmet headers and a deny-all CSP', async () => {
    const reply = await call('GET', `${gateway.url}/api/products`);
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['strict-transport-security']).toBeDefined();
  });

  it("leaves a page's CSP to the UI that serves it", async () => {
    const uiPolicy = "default-src 'self'; script-src 'self'; frame-ancestors 'none'";
    upstreams['crm-ui'].respond = (_req, res) => {
      res.setHeader('content-security-policy', uiPolicy);
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>crm</title>');
    };
    const page = await call('GET', `${gateway.url}/orders/o-1`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(uiPolicy);
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    upstreams['tracking-ui'].respond = (_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>track</title>');
    };
    const bare = await call('GET', `${gateway.url}/track`);
    expect(bare.headers['content-security-policy']).toBeUndefined();
  });
});
