/**
 * The server around the figures: the dashboard page and its headers, who may call what,
 * bad input, OpenAPI, health and metrics. Real HTTP against a fresh copy of the database;
 * the page is served from a stand-in build (the real one is made by `vite build`).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  serviceToken,
  startTestService,
  type TestDatabase,
  TestIdentity,
  type TestService,
} from '@globalretail/service-kit/testing';
import type { CrmAnalyticsConfig } from '../src/config';
import { crmAnalyticsDefinition } from '../src/service';
import { craftOrder, eventsOf } from './support/crafted';
import { ENDPOINTS } from './support/expected';
import { call, qs } from './support/http';

let db: TestDatabase;
let identity: TestIdentity;
let service: TestService<CrmAnalyticsConfig>;
let unbuilt: TestService<CrmAnalyticsConfig>;
let operator: string;
const INDEX_HTML =
  '<!doctype html><html lang="en"><head><title>Sales insight</title>' +
  '<script type="module" crossorigin src="/analytics/sales/assets/index-abc123.js"></script>' +
  '</head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 4 });
  identity = await new TestIdentity().start();
  operator = identity.operatorToken();
  const dist = mkdtempSync(path.join(tmpdir(), 'crm-analytics-web-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("dashboard");');
  const env = { JWKS_URL: identity.jwksUrl, WEB_DIST_DIR: dist };
  service = await startTestService(crmAnalyticsDefinition, { databaseUrl: db.url, env });
  unbuilt = await startTestService(crmAnalyticsDefinition, {
    databaseUrl: db.url,
    env: { ...env, WEB_DIST_DIR: mkdtempSync(path.join(tmpdir(), 'crm-analytics-empty-')) },
  });
});
afterAll(async () => {
  await service?.stop();
  await unbuilt?.stop();
  await identity?.stop();
  await db?.drop();
});

describe('the dashboard page', () => {
  it.each(['/analytics/sales', '/analytics/sales/', '/analytics/sales/top-customers/2025'])(
    'serves the page at %s with a strict CSP and security headers',
    async (page) => {
      const res = await call(service.url, 'GET', page);
      expect(res.status).toBe(200);
      expect(res.text).toBe(INDEX_HTML);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('serves hashed assets for a year and a missing file as a 404, never the page', async () => {
    const asset = await call(service.url, 'GET', '/analytics/sales/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await call(service.url, 'GET', '/analytics/sales/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect((await call(service.url, 'GET', '/analytics/salesforce')).status).toBe(404);
    expect((await call(service.url, 'POST', '/analytics/sales', { body: {} })).status).toBe(404);
  });

  it('says so when the page has not been built', async () => {
    const res = await call(unbuilt.url, 'GET', '/analytics/sales');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('DASHBOARD_NOT_BUILT');
  });

  it('has no inline script or style in its source page (the CSP would block it)', () => {
    const html = readFileSync(path.join(__dirname, '..', 'web', 'index.html'), 'utf8');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<\s]/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe('who may call', () => {
  it('lets operators and services read the figures; anonymous 401, customers 403, bad tokens 401', async () => {
    for (const endpoint of [
      ...Object.values(ENDPOINTS),
      '/sales/orders/00000000-0000-4000-8000-000000000001',
    ]) {
      expect((await call(service.url, 'GET', endpoint)).status).toBe(401);
      const customer = await call(service.url, 'GET', endpoint, {
        token: identity.customerToken('c0000000-0000-4000-8000-000000000001'),
      });
      expect(customer.status).toBe(403);
      const forged = await call(service.url, 'GET', endpoint, {
        token: serviceToken('crm-api', 'not-the-secret-of-this-service'),
      });
      expect(forged.status).toBe(401);
      const expected = endpoint.startsWith('/sales/orders/') ? 404 : 200;
      expect((await call(service.url, 'GET', endpoint, { token: operator })).status).toBe(expected);
      expect((await call(service.url, 'GET', endpoint, { token: serviceToken() })).status).toBe(
        expected,
      );
    }
  });

  it('takes events only from services', async () => {
    const body = { source: 'crm-api', events: [] };
    expect((await call(service.url, 'POST', '/events', { body })).status).toBe(401);
    expect((await call(service.url, 'POST', '/events', { body, token: operator })).status).toBe(
      403,
    );
    const customer = identity.customerToken('c0000000-0000-4000-8000-000000000001');
    expect((await call(service.url, 'POST', '/events', { body, token: customer })).status).toBe(
      403,
    );
    const ok = await call(service.url, 'POST', '/events', { body, token: serviceToken('crm-api') });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ handled: 0, duplicates: 0 });
  });
});

describe('bad input', () => {
  const cases: [string, string, Record<string, string>, string][] = [
    ['from after to', ENDPOINTS.byDay, { from: '2025-03-02', to: '2025-03-01' }, 'query.from'],
    ['an impossible date', ENDPOINTS.byDay, { from: '2025-02-30', to: '2025-03-01' }, 'query.from'],
    ['a date without padding', ENDPOINTS.byRegion, { from: '2025-3-1' }, 'query.from'],
    ['a timestamp for a date', ENDPOINTS.conversion, { to: '2025-03-01T00:00:00Z' }, 'query.to'],
    [
      'a range over 366 days',
      ENDPOINTS.byDay,
      { from: '2024-01-01', to: '2025-01-01' },
      'query.from',
    ],
    ['a date before 2000', ENDPOINTS.averageOrderValue, { from: '1999-12-31' }, 'query.from'],
    ['an unknown region', ENDPOINTS.byRegion, { region: 'mars-1' }, 'query.region'],
    ['a lower-case currency', ENDPOINTS.conversion, { currency: 'usd' }, 'query.currency'],
    ['an unknown parameter', ENDPOINTS.byDay, { form: '2025-03-01' }, 'query'],
    ['limit where there is no ranking', ENDPOINTS.conversion, { limit: '5' }, 'query'],
    ['limit 0', ENDPOINTS.byProduct, { limit: '0' }, 'query.limit'],
    ['limit 101', ENDPOINTS.topCustomers, { limit: '101' }, 'query.limit'],
    ['a fractional limit', ENDPOINTS.topCustomers, { limit: '2.5' }, 'query.limit'],
    ['a non-numeric limit', ENDPOINTS.byProduct, { limit: 'ten' }, 'query.limit'],
  ];

  it.each(cases)('refuses %s with 400 naming the field', async (_name, endpoint, query, field) => {
    const res = await call(service.url, 'GET', `${endpoint}${qs(query)}`, { token: operator });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields.some((f: string) => f === field || f.startsWith(`${field}.`))).toBe(true);
  });

  it('refuses a repeated parameter', async () => {
    const res = await call(
      service.url,
      'GET',
      `${ENDPOINTS.byDay}?from=2025-03-01&from=2025-03-02`,
      { token: operator },
    );
    expect(res.status).toBe(400);
  });

  it('accepts the widest allowed range (366 days, both ends included)', async () => {
    const res = await call(
      service.url,
      'GET',
      `${ENDPOINTS.byDay}${qs({ from: '2024-01-01', to: '2024-12-31' })}`,
      { token: operator },
    );
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(366);
  });

  it('refuses malformed event deliveries and writes nothing', async () => {
    const inbox = async () =>
      (await db.pool.query('SELECT count(*)::int AS n FROM sales_insight.inbox')).rows[0].n;
    const orders = async () =>
      (await db.pool.query('SELECT count(*)::int AS n FROM sales_insight.orders')).rows[0].n;
    const before = [await inbox(), await orders()];
    const good = eventsOf(
      craftOrder({
        customerId: '00000000-0000-4000-8000-000000000001',
        region: 'us-east-1',
        placedAt: '2025-03-01T10:00:00.000Z',
        status: 'PENDING',
        lines: [{ sku: 'GR-1001', quantity: 1, unitPriceCents: 3999 }],
      }),
    ).placed;
    const token = serviceToken('crm-api');
    const bodies: [unknown, number][] = [
      [{ events: [good] }, 400],
      [{ source: 'crm-api', events: [{ ...good, eventId: 'not-a-uuid' }] }, 400],
      [{ source: 'crm-api', events: [{ ...good, payload: 'text' }] }, 400],
      [{ source: 'crm-api', events: good }, 400],
    ];
    for (const [body, status] of bodies) {
      const res = await call(service.url, 'POST', '/events', { body, token });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const broken = await call(service.url, 'POST', '/events', { rawBody: '{"source":', token });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_JSON');
    const text = await call(service.url, 'POST', '/events', {
      rawBody: 'source=crm-api',
      contentType: 'text/plain',
      token,
    });
    expect(text.status).toBe(415);
    expect([await inbox(), await orders()]).toEqual(before);
  });
});

describe('service plumbing', () => {
  it('documents every route in /openapi.json with its callers and filters', async () => {
    const res = await call(service.url, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    for (const endpoint of Object.values(ENDPOINTS)) {
      const op = paths[endpoint].get;
      expect(op['x-allowed-callers']).toEqual(['operator', 'service']);
      const names = op.parameters.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['from', 'to', 'region', 'currency']));
      expect(op.responses['200'].content['application/json'].schema).toBeDefined();
    }
    expect(
      paths[ENDPOINTS.topCustomers].get.parameters.map((p: { name: string }) => p.name),
    ).toContain('limit');
    expect(paths['/sales/orders/{orderId}'].get).toBeDefined();
    expect(paths['/events'].post['x-allowed-callers']).toEqual(['service']);
  });

  it('answers health and readiness, and turns not-ready while draining', async () => {
    expect((await call(service.url, 'GET', '/healthz')).body).toEqual({
      status: 'ok',
      service: 'crm-analytics',
    });
    expect((await call(service.url, 'GET', '/readyz')).status).toBe(200);
    service.ctx.lifecycle.draining = true;
    try {
      expect((await call(service.url, 'GET', '/readyz')).status).toBe(503);
    } finally {
      service.ctx.lifecycle.draining = false;
    }
  });

  it('exports RED metrics per route and event counters', async () => {
    const res = await call(service.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total\{[^}]*route="\/sales\/by-day"/);
    expect(res.text).toContain('sales_insight_events_duplicate_total');
    expect(res.text).toContain('# HELP sales_insight_events_total');
  });
});
