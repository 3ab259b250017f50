/**
 * The JSON API's gatekeeping: who may read (anonymous 401, customer 403, operator and
 * service 200), bad query input (400 naming the field), the OpenAPI document, and the
 * dashboard page with its security headers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  TestIdentity,
  type TestDatabase,
} from '@globalretail/service-kit/testing';
import { call, SERVICE_AUTH, startAnalytics, type Analytics } from './helpers';

const PAGE =
  '<!doctype html><html><head><script type="module" src="/analytics/supply/assets/app-1.js"></script></head><body><div id="root"></div></body></html>';

let db: TestDatabase;
let identity: TestIdentity;
let analytics: Analytics;
let distDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  identity = await new TestIdentity().start();
  distDir = await mkdtemp(path.join(tmpdir(), 'analytics-web-'));
  await mkdir(path.join(distDir, 'assets'));
  await writeFile(path.join(distDir, 'index.html'), PAGE);
  await writeFile(path.join(distDir, 'assets', 'app-1.js'), 'export {};');
  analytics = await startAnalytics(db, {
    env: { JWKS_URL: identity.jwksUrl, WEB_DIST_DIR: distDir },
  });
});
afterAll(async () => {
  await analytics?.stop();
  await identity?.stop();
  await db?.drop();
  await rm(distDir, { recursive: true, force: true });
});

const READS = [
  '/supply/stock',
  '/supply/low-stock',
  '/supply/fill-rate',
  '/supply/shipments',
  '/supply/on-time',
  '/supply/orders-per-minute',
  '/supply/summary',
  '/supply/forecast?sku=GR-1001',
];

describe('who may read', () => {
  it.each(READS)('%s: anonymous 401, customer 403, operator and service 200', async (p) => {
    const anonymous = await call(analytics.url, p);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const customer = await call(analytics.url, p, {
      auth: `Bearer ${identity.customerToken('c-1')}`,
    });
    expect(customer.status).toBe(403);
    expect(customer.body.error.code).toBe('FORBIDDEN');
    const operator = await call(analytics.url, p, {
      auth: `Bearer ${identity.operatorToken()}`,
    });
    expect(operator.status).toBe(200);
    expect((await call(analytics.url, p, { auth: SERVICE_AUTH })).status).toBe(200);
  });

  it('refuses forged and malformed tokens', async () => {
    const forged = new TestIdentity().issuer.sign({
      sub: 'ops',
      role: 'operator',
      email: 'x@example.com',
    }).token;
    for (const auth of [`Bearer ${forged}`, 'Bearer not.a.token', 'Basic b3BzOm9wcw==']) {
      expect((await call(analytics.url, '/supply/stock', { auth })).status).toBe(401);
    }
  });

  it('the stream takes its credential from the Authorization header only', async () => {
    const token = identity.operatorToken();
    const res = await call(analytics.url, `/supply/stream?access_token=${token}`);
    expect(res.status).toBe(401);
    const withParam = await call(analytics.url, `/supply/stream?token=${token}`, {
      auth: `Bearer ${token}`,
    });
    expect(withParam.status).toBe(400);
  });
});

describe('bad query input is a 400 naming the field', () => {
  const operator = () => `Bearer ${identity.operatorToken()}`;
  it.each([
    ['/supply/stock?region=us-west-2', 'query.region'],
    ['/supply/stock?sku=gr-1001', 'query.sku'],
    ['/supply/stock?warehouseId=WH_1', 'query.warehouseId'],
    ['/supply/stock?lowOnly=yes', 'query.lowOnly'],
    ['/supply/stock?regoin=us-east-1', 'query'],
    ['/supply/low-stock?limit=0', 'query.limit'],
    ['/supply/low-stock?limit=501', 'query.limit'],
    ['/supply/fill-rate?from=yesterday', 'query.from'],
    ['/supply/fill-rate?from=2030-03-02&to=2030-03-01', 'query.from'],
    ['/supply/fill-rate?from=2030-03-01T00:00:00Z&to=2030-03-01T00:00:00Z', 'query.from'],
    ['/supply/shipments?to=2030-13-01', 'query.to'],
    ['/supply/on-time?region=', 'query.region'],
    ['/supply/orders-per-minute?minutes=0', 'query.minutes'],
    ['/supply/orders-per-minute?minutes=1441', 'query.minutes'],
    ['/supply/orders-per-minute?minutes=ten', 'query.minutes'],
    ['/supply/summary?periodHours=0', 'query.periodHours'],
    ['/supply/stream?periodHours=9000', 'query.periodHours'],
    ['/supply/forecast', 'query.sku'],
    ['/supply/forecast?sku=GR-1001&horizonDays=0', 'query.horizonDays'],
    ['/supply/forecast?sku=GR-1001&horizonDays=91', 'query.horizonDays'],
    ['/supply/forecast?sku=GR-1001&historyDays=13', 'query.historyDays'],
    ['/supply/forecast?sku=GR-1001&historyDays=731', 'query.historyDays'],
    ['/supply/forecast?sku=GR-1001&level=1', 'query.level'],
    ['/supply/forecast?sku=GR-1001&level=0.2', 'query.level'],
    ['/supply/forecast?sku=GR-1001&sku=GR-1002', 'query.sku'],
  ])('%s', async (p, field) => {
    const res = await call(analytics.url, p, { auth: operator() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts good filters, days and instants alike', async () => {
    for (const p of [
      '/supply/fill-rate?from=2030-03-01&to=2030-03-02&region=eu-west-1',
      '/supply/shipments?from=2030-03-01T00:00:00%2B02:00',
      '/supply/low-stock?limit=500&sku=GR-1012',
      '/supply/forecast?sku=GR-1001&horizonDays=90&historyDays=730&level=0.99&region=us-east-1',
    ]) {
      expect((await call(analytics.url, p, { auth: operator() })).status).toBe(200);
    }
  });
});

describe('documentation, health and the dashboard page', () => {
  it('documents every route with who may call it', async () => {
    const doc = (await call(analytics.url, '/openapi.json')).body;
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/events',
        '/supply/stock',
        '/supply/low-stock',
        '/supply/fill-rate',
        '/supply/shipments',
        '/supply/on-time',
        '/supply/orders-per-minute',
        '/supply/summary',
        '/supply/stream',
        '/supply/forecast',
        '/analytics/supply',
      ].sort(),
    );
    expect(doc.paths['/supply/stock'].get['x-allowed-callers']).toEqual(['operator', 'service']);
    expect(doc.paths['/events'].post['x-allowed-callers']).toEqual(['service']);
    const forecastParams = doc.paths['/supply/forecast'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(forecastParams).toEqual(['sku', 'region', 'horizonDays', 'historyDays', 'level']);
  });

  it('is healthy and ready', async () => {
    expect((await call(analytics.url, '/healthz')).status).toBe(200);
    const ready = await call(analytics.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: 'ok', 'web assets': 'ok' });
  });

  it.each(['/analytics/supply', '/analytics/supply/', '/analytics/supply/forecast'])(
    'serves the dashboard at %s with a strict CSP',
    async (p) => {
      const res = await fetch(`${analytics.url}${p}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(PAGE);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );

  it('serves assets with long caching and refuses missing ones', async () => {
    const asset = await fetch(`${analytics.url}/analytics/supply/assets/app-1.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${analytics.url}/analytics/supply/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect((await fetch(`${analytics.url}/analytics/supply/logo.png`)).status).toBe(404);
  });
});
