/**
 * @jest-environment ./test/support/native-esm-environment.js
 */
import { request } from 'undici';
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
import { ROUTES } from '../src/route-table';
import type { UpstreamName } from '../src/config';

const TIMEOUT_MS = 300;
let upstreams: Record<UpstreamName, StandIn>;
let tokens: Tokens;
let gateway: TestGateway;

const allUrls = () =>
  Object.fromEntries(Object.entries(upstreams).map(([n, s]) => [n, s.url])) as Record<
    UpstreamName,
    string
  >;

beforeAll(async () => {
  [upstreams, tokens] = await Promise.all([startStandIns(), new Tokens().start()]);
  gateway = await startTestGateway({
    ...upstreamEnv(allUrls()),
    JWKS_URL: tokens.jwksUrl,
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    READY_CHECK_TIMEOUT_MS: '300',
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
    s.readyStatus = 200;
    s.readyDelayMs = 0;
  }
});

describe('when an upstream fails', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE JSON at once when it cannot be reached', async () => {
    const lonely = await startTestGateway({
      ...upstreamEnv({ ...allUrls(), 'logistics-service': await deadUrl() }),
      JWKS_URL: tokens.jwksUrl,
    });
    try {
      const started = Date.now();
      const reply = await call('GET', `${lonely.url}/api/tracking/1Z1`);
      expect(reply.status).toBe(503);
      expect(reply.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(reply.body.error.message).toMatch(/logistics-service/);
      expect(reply.headers['content-type']).toMatch(/application\/json/);
      expect(Date.now() - started).toBeLessThan(2000);
      const metrics = await call('GET', `${lonely.url}/metrics`);
      expect(metrics.text).toMatch(
        /gateway_upstream_failures_total\{upstream="logistics-service",code="UPSTREAM_UNAVAILABLE"[^}]*\} 1/,
      );
    } finally {
      await lonely.stop();
    }
  });

  it('answers 504 UPSTREAM_TIMEOUT JSON when it does not start answering in time', async () => {
    upstreams['inventory-service'].respond = () => undefined; // holds the request forever
    const started = Date.now();
    const reply = await call('GET', `${gateway.url}/api/products`);
    const elapsed = Date.now() - started;
    expect(reply.status).toBe(504);
    expect(reply.body.error.code).toBe('UPSTREAM_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it('cuts the client off when the upstream dies mid-answer, instead of ending it cleanly', async () => {
    upstreams['crm-ui'].respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('<!doctype html><p>half');
      setTimeout(() => res.socket?.destroy(), 50);
    };
    await expect(call('GET', `${gateway.url}/orders`)).rejects.toThrow();
  });

  it('passes upstream errors through as they are (their status and code)', async () => {
    upstreams['crm-api'].respond = (_req, res) => {
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'READ_ONLY_REGION', message: 'standby' } }));
    };
    const reply = await call('POST', `${gateway.url}/api/customers`, { json: {} });
    expect(reply.status).toBe(503);
    expect(reply.body.error.code).toBe('READ_ONLY_REGION');
  });
});

describe('streaming answers', () => {
  it('passes server-sent events through as they come, not when the stream ends', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    upstreams['logistics-service'].respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event: status\ndata: {"status":"PICKED_UP"}\n\n');
      void released.then(() => {
        res.write('data: second\n\n');
        // A pause longer than UPSTREAM_TIMEOUT_MS: a stream that has begun is not cut.
        setTimeout(() => {
          res.write('data: third\n\n');
          res.end();
        }, TIMEOUT_MS * 2);
      });
    };
    const res = await request(`${gateway.url}/api/tracking/1Z1/events`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const chunks = res.body[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      chunks.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the first event was held back')), 3000);
      }),
    ]).finally(() => clearTimeout(timer));
    expect(String(first.value)).toContain('PICKED_UP');
    release();
    let rest = '';
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      rest += String(next.value);
    expect(rest).toContain('data: second');
    expect(rest).toContain('data: third');
  });
});

describe('/healthz and /readyz', () => {
  it('is alive', async () => {
    const reply = await call('GET', `${gateway.url}/healthz`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'ok', service: 'api-gateway' });
  });

  it("reports every upstream's /readyz and is ready when all are", async () => {
    const reply = await call('GET', `${gateway.url}/readyz`);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('ready');
    expect(reply.body.checks).toEqual(
      Object.fromEntries(Object.keys(upstreams).map((n) => [n, 'ok'])),
    );
    expect(reply.body.critical).toEqual([
      'crm-api',
      'inventory-service',
      'logistics-service',
      'order-service',
    ]);
  });

  it('stays ready when only a page or analytics service fails, and says which', async () => {
    upstreams['tracking-ui'].readyStatus = 503;
    upstreams['crm-analytics'].readyDelayMs = 1000;
    const reply = await call('GET', `${gateway.url}/readyz`);
    expect(reply.status).toBe(200);
    expect(reply.body.checks['tracking-ui']).toBe('failing: /readyz answered 503');
    expect(reply.body.checks['crm-analytics']).toBe('failing: no answer within 300 ms');
    expect(reply.body.checks['crm-api']).toBe('ok');
  });

  it.each(['crm-api', 'inventory-service', 'logistics-service', 'order-service'] as const)(
    'is not ready when %s is not',
    async (critical) => {
      upstreams[critical].readyStatus = 503;
      const reply = await call('GET', `${gateway.url}/readyz`);
      expect(reply.status).toBe(503);
      expect(reply.body.status).toBe('not-ready');
      expect(reply.body.checks[critical]).toBe('failing: /readyz answered 503');
    },
  );

  it('is not ready when a critical upstream cannot be reached', async () => {
    const cut = await startTestGateway({
      ...upstreamEnv({ ...allUrls(), 'order-service': await deadUrl() }),
      JWKS_URL: tokens.jwksUrl,
    });
    try {
      const reply = await call('GET', `${cut.url}/readyz`);
      expect(reply.status).toBe(503);
      expect(reply.body.checks['order-service']).toBe('failing: ECONNREFUSED');
    } finally {
      await cut.stop();
    }
  });
});

describe('/metrics and /openapi.json', () => {
  it('counts requests per route group, upstream and status', async () => {
    await call('GET', `${gateway.url}/api/warehouses`);
    await call('GET', `${gateway.url}/api/warehouses`);
    await call('GET', `${gateway.url}/api/orders/o-1`); // 401, refused here
    const text = (await call('GET', `${gateway.url}/metrics`)).text;
    expect(text).toMatch(
      /gateway_requests_total\{group="warehouses",upstream="inventory-service",status="200"[^}]*\} 2/,
    );
    expect(text).toMatch(
      /gateway_requests_total\{group="orders",upstream="crm-api",status="401"[^}]*\} 1/,
    );
    expect(text).toMatch(/gateway_refused_total\{reason="unauthenticated"[^}]*\} 1/);
    // The kit's RED metrics carry the route group's path template.
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/warehouses\{\/\*rest\}",status="200"/,
    );
  });

  it('documents every route of the map, with who may call and where it goes', async () => {
    const doc = (await call('GET', `${gateway.url}/openapi.json`)).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) expect(Object.keys(doc.paths)).toContain(route.path);
    expect(doc.paths['/api/orders/{rest}'].get).toMatchObject({
      security: [{ bearer: [] }],
      'x-upstream': 'crm-api',
      'x-upstream-path': '/orders/{rest}',
      'x-access': 'signed-in',
    });
    expect(doc.paths['/api/customers'].post['x-access']).toBe('anyone');
    expect(doc.paths['/api/customers/{rest}'].get['x-access']).toBe('signed-in');
    expect(doc.paths['/api/inventory/{rest}'].put['x-access']).toBe('operator');
    expect(doc.paths['/api/products'].get.security).toBeUndefined();
    expect(doc.paths['/api/analytics/supply/{rest}'].get['x-upstream-path']).toBe('/supply/{rest}');
    expect(doc.paths['/{rest}'].get['x-upstream']).toBe('crm-ui');
    expect(doc.paths['/readyz']).toBeDefined();
  });
});
