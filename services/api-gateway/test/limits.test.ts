/**
 * @jest-environment ./test/support/native-esm-environment.js
 */
import {
  StandIn,
  Tokens,
  call,
  startStandIns,
  startTestGateway,
  upstreamEnv,
  type TestGateway,
} from './helpers';
import type { UpstreamName } from '../src/config';

let upstreams: Record<UpstreamName, StandIn>;
let tokens: Tokens;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  [upstreams, tokens] = await Promise.all([startStandIns(), new Tokens().start()]);
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  await Promise.all([...Object.values(upstreams ?? {}).map((s) => s.stop()), tokens?.stop()]);
});
beforeEach(() => {
  for (const s of Object.values(upstreams)) s.seen.length = 0;
});

/** A gateway of its own per test: rate-limit counts must not leak between tests. */
async function gatewayWith(env: Record<string, string>): Promise<TestGateway> {
  const gateway = await startTestGateway({
    ...upstreamEnv(Object.fromEntries(Object.entries(upstreams).map(([n, s]) => [n, s.url]))),
    JWKS_URL: tokens.jwksUrl,
    ...env,
  });
  gateways.push(gateway);
  return gateway;
}

function expectRateLimited(reply: Awaited<ReturnType<typeof call>>) {
  expect(reply.status).toBe(429);
  expect(reply.body.error.code).toBe('RATE_LIMITED');
  expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(reply.headers['retry-after'])).toBeLessThanOrEqual(60);
}

describe('rate limits', () => {
  it('limits each client: by token subject when signed in, else by address', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    const ana = tokens.customer('ana');
    const ben = tokens.customer('ben');
    for (let i = 0; i < 3; i++)
      expect((await call('GET', `${gateway.url}/api/orders/o-1`, { token: ana })).status).toBe(200);
    expectRateLimited(await call('GET', `${gateway.url}/api/orders/o-1`, { token: ana }));
    // Same address, other subjects: their own buckets.
    expect((await call('GET', `${gateway.url}/api/orders/o-1`, { token: ben })).status).toBe(200);
    expect((await call('GET', `${gateway.url}/api/products`)).status).toBe(200);
    expect(upstreams['crm-api'].seen).toHaveLength(4);
  });

  it('counts requests with bad tokens against the address, so forging tokens is no way around it', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '3' });
    for (let i = 0; i < 3; i++)
      expect(
        (await call('GET', `${gateway.url}/api/products`, { token: tokens.tampered() })).status,
      ).toBe(401);
    expectRateLimited(await call('GET', `${gateway.url}/api/products`));
    expect(upstreams['inventory-service'].seen).toHaveLength(0);
  });

  it('gives sign-in its own, stricter bucket per address', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '100', LOGIN_RATE_LIMIT_MAX: '2' });
    const login = () =>
      call('POST', `${gateway.url}/api/auth/login`, {
        json: { email: 'ava@globalretail.example', password: 'guess' },
      });
    expect((await login()).status).toBe(200);
    expect((await login()).status).toBe(200);
    const refused = await login();
    expectRateLimited(refused);
    expect(refused.body.error.message).toMatch(/sign-in/);
    expect(refused.body.error.details).toEqual({ limit: 2, windowSeconds: 60 });
    expect(upstreams['crm-api'].seen).toHaveLength(2);
    // Everything else from the same address still goes through.
    expect((await call('GET', `${gateway.url}/api/products`)).status).toBe(200);
  });

  it('announces the limit on every answer', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '50' });
    const reply = await call('GET', `${gateway.url}/api/products`);
    expect(reply.headers['ratelimit-policy']).toBe('50;w=60');
    expect(reply.headers.ratelimit).toMatch(/limit=50, remaining=49/);
  });
});

describe('body size limit', () => {
  it('refuses bodies over BODY_LIMIT with 413 JSON before forwarding anything', async () => {
    const gateway = await gatewayWith({ BODY_LIMIT: '1kb' });
    const big = { name: 'x'.repeat(2000) };
    const json = await call('POST', `${gateway.url}/api/customers`, { json: big });
    expect(json.status).toBe(413);
    expect(json.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await call('POST', `${gateway.url}/api/customers`, {
      raw: 'y'.repeat(2000),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(413);
    expect(text.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(upstreams['crm-api'].seen).toHaveLength(0);

    const small = await call('POST', `${gateway.url}/api/customers`, {
      json: { name: 'x'.repeat(500) },
    });
    expect(small.status).toBe(200);
    expect(upstreams['crm-api'].seen).toHaveLength(1);
  });
});

describe('CORS', () => {
  const ui = 'https://ui.globalretail.example';
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({ CORS_ORIGINS: `${ui},http://localhost:3100` });
  });

  it('lets a configured UI origin call, and says so', async () => {
    const reply = await call('GET', `${gateway.url}/api/products`, { headers: { origin: ui } });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(ui);
    expect(reply.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('answers its preflight itself', async () => {
    const reply = await call('OPTIONS', `${gateway.url}/api/orders`, {
      headers: {
        origin: ui,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe(ui);
    expect(reply.headers['access-control-allow-methods']).toContain('POST');
    expect(reply.headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(upstreams['crm-api'].seen).toHaveLength(0);
  });

  it('refuses any other origin with 403, forwarding nothing', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3999', 'null']) {
      const simple = await call('POST', `${gateway.url}/api/customers`, {
        json: {},
        headers: { origin },
      });
      expect([origin, simple.status, simple.body.error.code]).toEqual([
        origin,
        403,
        'CORS_ORIGIN_DENIED',
      ]);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await call('OPTIONS', `${gateway.url}/api/orders`, {
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(403);
    }
    expect(upstreams['crm-api'].seen).toHaveLength(0);
  });

  it('lets pages served by the gateway call it (same origin)', async () => {
    const reply = await call('POST', `${gateway.url}/api/customers`, {
      json: {},
      headers: { origin: gateway.url },
    });
    expect(reply.status).toBe(200);
  });
});
