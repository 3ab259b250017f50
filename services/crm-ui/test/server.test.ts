import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lifecycle, Metrics, createLogger, loadConfig } from '@globalretail/service-kit';
import { listen, type RunningServer } from '@globalretail/service-kit/testing';
import { PAGE_ROUTES, configSchema, createCrmUiApp, startCrmUi } from '../src';
import { CLIENT_ROUTES } from '../web/src/lib/router';

const INDEX =
  '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>';

function fakeBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-ui-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), 'console.log("app")');
  writeFileSync(path.join(dir, 'assets', 'index-XyZ789.css'), 'body{}');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function serve(webDir: string): Promise<RunningServer> {
  const config = loadConfig(configSchema, { WEB_DIR: webDir, LOG_LEVEL: 'silent' });
  const app = createCrmUiApp({
    config,
    logger: createLogger('crm-ui', 'silent'),
    metrics: new Metrics('crm-ui', { defaultMetrics: false }),
    lifecycle: new Lifecycle(),
  });
  return listen(app);
}

const examplePath = (route: string) => route.replace(':id', '6f1c2d3e-0000-4000-8000-000000000001');

let webDir: string;
let server: RunningServer;
beforeAll(async () => {
  webDir = fakeBuild();
  server = await serve(webDir);
});
afterAll(async () => {
  await server.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('needs no database: the defaults alone are a valid config on port 3100', () => {
    const config = loadConfig(configSchema, {});
    expect(config.PORT).toBe(3100);
    expect(config).not.toHaveProperty('DATABASE_URL');
    expect(config.WEB_DIR).toMatch(/services[/\\]crm-ui[/\\]dist[/\\]web$/);
  });

  it('names a bad variable', () => {
    expect(() => loadConfig(configSchema, { PORT: 'abc' })).toThrow(/PORT/);
  });
});

describe('the single-page app', () => {
  it('serves index.html at / with no-cache and the security headers', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);

    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'img-src': "'self'",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
    });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:|\*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers index.html for every client route, the same list the client router knows', async () => {
    expect([...PAGE_ROUTES]).toEqual([...CLIENT_ROUTES]);
    for (const route of [...CLIENT_ROUTES, '/orders/', '/login?next=%2Fcart']) {
      const res = await fetch(`${server.url}${examplePath(route)}`);
      expect({ route, status: res.status, cache: res.headers.get('cache-control') }).toEqual({
        route,
        status: 200,
        cache: 'no-cache',
      });
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('revalidates index.html cheaply (ETag, 304)', async () => {
    const first = await fetch(`${server.url}/orders`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // node:http, because fetch adds `cache-control: no-cache` to conditional requests.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${server.url}/orders`, { headers: { 'if-none-match': etag! } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(304);
  });

  it('serves hashed assets with a year-long immutable cache, other files for an hour', async () => {
    const js = await fetch(`${server.url}/assets/index-AbC123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await js.text()).toBe('console.log("app")');

    const css = await fetch(`${server.url}/assets/index-XyZ789.css`);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');

    const index = await fetch(`${server.url}/index.html`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers unknown files and paths with a JSON 404, never the HTML shell', async () => {
    const cases: [string, string][] = [
      ['/assets/index-missing.js', 'NOT_FOUND'],
      ['/assets/..%2f..%2fpackage.json', 'NOT_FOUND'],
      ['/favicon.ico', 'ROUTE_NOT_FOUND'],
      ['/robots.txt', 'ROUTE_NOT_FOUND'],
      ['/api/products', 'ROUTE_NOT_FOUND'],
      ['/orders/1/extra', 'ROUTE_NOT_FOUND'],
      ['/track/GR123', 'ROUTE_NOT_FOUND'],
    ];
    for (const [url, code] of cases) {
      const res = await fetch(`${server.url}${url}`);
      expect({ url, status: res.status, type: res.headers.get('content-type') }).toEqual({
        url,
        status: 404,
        type: expect.stringMatching(/^application\/json/),
      });
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe(code);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('refuses to serve a page for other methods', async () => {
    const res = await fetch(`${server.url}/`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('health, metrics and the API description', () => {
  it('is alive and ready when the build is there', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', service: 'crm-ui' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { 'web build': 'ok' } });
  });

  it('counts the pages it served by client route', async () => {
    await fetch(`${server.url}/orders/abc`);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /crm_ui_pages_served_total\{page="\/orders\/:id",service="crm-ui"\} [1-9]/,
    );
    expect(metrics).toContain('http_requests_total');
  });

  it('documents its routes in /openapi.json', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/', '/assets/{file}', '/cart', '/login', '/orders', '/orders/{id}'].sort(),
    );
  });
});

describe('without a web build', () => {
  it('is alive but not ready, and says what to do instead of serving a blank page', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'crm-ui-empty-'));
    const bare = await serve(empty);
    try {
      expect((await fetch(`${bare.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${bare.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        checks: { 'web build': expect.stringMatching(/^failing/) },
      });
      const page = await fetch(`${bare.url}/cart`);
      expect(page.status).toBe(503);
      expect(((await page.json()) as { error: { code: string } }).error.code).toBe(
        'WEB_APP_NOT_BUILT',
      );
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('startCrmUi (what main runs)', () => {
  it('listens, serves, and drains on shutdown: readiness off, then the port closes', async () => {
    const started = await startCrmUi({
      env: { PORT: '0', HOST: '127.0.0.1', WEB_DIR: webDir, LOG_LEVEL: 'silent' },
      exitOnShutdown: false,
      defaultMetrics: false,
    });
    const url = `http://127.0.0.1:${started.port}`;
    expect((await fetch(`${url}/`)).status).toBe(200);
    await started.shutdown('test');
    expect(started.lifecycle.draining).toBe(true);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

describe('the HTML template', () => {
  it('has no inline script or style, so the strict CSP does not block the app', () => {
    const html = readFileSync(path.join(__dirname, '..', 'web', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
  });
});
