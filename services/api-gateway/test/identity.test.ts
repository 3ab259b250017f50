/**
 * @jest-environment ./test/support/native-esm-environment.js
 */
import {
  StandIn,
  Tokens,
  call,
  deadUrl,
  startStandIns,
  startTestGateway,
  upstreamEnv,
  type TestGateway,
} from './helpers';
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
  for (const s of Object.values(upstreams)) s.seen.length = 0;
});

const forwardedCount = () => Object.values(upstreams).reduce((n, s) => n + s.seen.length, 0);

describe('tokens are checked at the gateway', () => {
  const badTokens: [string, () => string, RegExp][] = [
    ['expired', () => tokens.expired(), /expired/],
    ['tampered (customer edited to operator)', () => tokens.tampered(), /invalid token/],
    ['signed by an unpublished key', () => tokens.foreign(), /unknown key/],
    ['a service credential', () => tokens.service(), /only customer and operator tokens/],
    ['not a JWT', () => 'abc.def', /token/],
  ];

  it.each(badTokens)(
    'refuses a token that is %s with 401, forwarding nothing',
    async (_n, token, why) => {
      for (const path of ['/api/orders', '/api/products', '/']) {
        const reply = await call('GET', `${gateway.url}${path}`, { token: token() });
        expect([path, reply.status, reply.body.error.code]).toEqual([path, 401, 'UNAUTHENTICATED']);
        expect(reply.body.error.message).toMatch(why);
        expect(reply.headers['www-authenticate']).toContain('invalid_token');
      }
      expect(forwardedCount()).toBe(0);
    },
  );

  it('refuses an Authorization header that is not a bearer token', async () => {
    const reply = await call('GET', `${gateway.url}/api/products`, {
      headers: { authorization: 'Basic b3BzOmRlbW8tcGFzc3dvcmQ=' },
    });
    expect(reply.status).toBe(401);
    expect(forwardedCount()).toBe(0);
  });
});

describe('who may call what', () => {
  type Caller = 'none' | 'customer' | 'operator';
  const token = (who: Caller) =>
    who === 'customer'
      ? tokens.customer('cust-1')
      : who === 'operator'
        ? tokens.operator()
        : undefined;
  const cases: [method: string, path: string, expected: Record<Caller, number>][] = [
    ['GET', '/api/orders/o-1', { none: 401, customer: 200, operator: 200 }],
    ['POST', '/api/orders', { none: 401, customer: 200, operator: 200 }],
    ['GET', '/api/customers/cust-1', { none: 401, customer: 200, operator: 200 }],
    ['GET', '/api/customers/cust-1/orders', { none: 401, customer: 200, operator: 200 }],
    ['POST', '/api/customers', { none: 200, customer: 200, operator: 200 }],
    ['POST', '/api/auth/login', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/api/products', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/api/inventory/GR-1001', { none: 200, customer: 200, operator: 200 }],
    ['PUT', '/api/inventory/GR-1001', { none: 401, customer: 403, operator: 200 }],
    ['GET', '/api/warehouses', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/api/tracking/1Z1', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/api/analytics/sales/summary', { none: 401, customer: 403, operator: 200 }],
    ['GET', '/api/analytics/supply/stock', { none: 401, customer: 403, operator: 200 }],
    ['GET', '/.well-known/jwks.json', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/track/1Z1', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/analytics/sales', { none: 200, customer: 200, operator: 200 }],
    ['GET', '/analytics/supply', { none: 200, customer: 200, operator: 200 }],
  ];

  it.each(cases)('%s %s', async (method, path, expected) => {
    for (const who of ['none', 'customer', 'operator'] as const) {
      const before = forwardedCount();
      const sent = token(who);
      const reply = await call(method, `${gateway.url}${path}`, {
        token: sent,
        json: method === 'GET' ? undefined : {},
      });
      expect([who, reply.status]).toEqual([who, expected[who]]);
      // Refused callers never reach the service; admitted ones do, with their token as sent.
      expect([who, forwardedCount() - before]).toEqual([who, reply.status === 200 ? 1 : 0]);
      if (reply.status === 401) expect(reply.body.error.code).toBe('UNAUTHENTICATED');
      if (reply.status === 403) expect(reply.body.error.code).toBe('FORBIDDEN');
      if (reply.status === 200 && who !== 'none')
        expect(reply.body.headers.authorization).toBe(`Bearer ${sent}`);
    }
  });
});

describe('when the token keys cannot be fetched', () => {
  it('answers 503 (try again), not 401 (your token is bad)', async () => {
    const blind = await startTestGateway({
      ...upstreamEnv(Object.fromEntries(Object.entries(upstreams).map(([n, s]) => [n, s.url]))),
      JWKS_URL: `${await deadUrl()}/.well-known/jwks.json`,
    });
    try {
      const reply = await call('GET', `${blind.url}/api/orders/o-1`, { token: tokens.customer() });
      expect(reply.status).toBe(503);
      expect(reply.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(upstreams['crm-api'].seen).toHaveLength(0);
      // Anonymous traffic does not need the keys.
      expect((await call('GET', `${blind.url}/api/products`)).status).toBe(200);
    } finally {
      await blind.stop();
    }
  });
});
