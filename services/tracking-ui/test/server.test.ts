import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lifecycle, Metrics, createLogger } from '@globalretail/service-kit';
import { listen, type RunningServer } from '@globalretail/service-kit/testing';
import { buildTrackingUiApp } from '../src';

const INDEX_HTML = `<!doctype html><html lang="en"><head><title>Track your parcel</title>
<script type="module" crossorigin src="/track/assets/index-abc123.js"></script>
<link rel="stylesheet" href="/track/assets/index-abc123.css"></head>
<body><div id="root"></div></body></html>`;

let distDir: string;
let server: RunningServer;
let unbuilt: RunningServer;

function start(dir: string) {
  const app = buildTrackingUiApp({
    config: { WEB_DIST_DIR: dir },
    logger: createLogger('tracking-ui', 'silent'),
    metrics: new Metrics('tracking-ui', { defaultMetrics: false }),
    lifecycle: new Lifecycle(),
  });
  return listen(app);
}

beforeAll(async () => {
  distDir = await mkdtemp(path.join(tmpdir(), 'tracking-ui-'));
  await mkdir(path.join(distDir, 'assets'));
  await writeFile(path.join(distDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(distDir, 'assets', 'index-abc123.js'), 'console.log("tracking");');
  await writeFile(path.join(distDir, 'assets', 'index-abc123.css'), 'body{margin:0}');
  await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await start(distDir);
  unbuilt = await start(path.join(distDir, 'does-not-exist'));
});

afterAll(async () => {
  await server?.close();
  await unbuilt?.close();
  await rm(distDir, { recursive: true, force: true });
});

const get = (base: RunningServer, pathname: string, init?: RequestInit) =>
  fetch(`${base.url}${pathname}`, { redirect: 'manual', ...init });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();

describe('the page and its client routes', () => {
  it.each([
    '/track',
    '/track/',
    '/track?n=GRFG52M9CYT7KYZX0DC',
    '/track/GRFG52M9CYT7KYZX0DC',
    '/track/gr-fg52-m9cy',
    '/track/not%20a%20number',
    '/track/some/deeper/client/route',
  ])('GET %s answers the page (SPA fallback)', async (pathname) => {
    const res = await get(server, pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX_HTML);
  });

  it('HEAD of a deep link answers like GET without a body', async () => {
    const res = await get(server, '/track/GRFG52M9CYT7KYZX0DC', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('serves hashed assets with a year of caching and public files revalidated', async () => {
    const js = await get(server, '/track/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("tracking");');

    const icon = await get(server, '/track/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it.each(['/track/assets/index-missing.js', '/track/assets/', '/track/missing.png'])(
    'a missing file (%s) is a JSON 404, never the page',
    async (pathname) => {
      const res = await get(server, pathname);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await json(res)).error.code).toBe('NOT_FOUND');
    },
  );

  it('does not serve files outside the build folder', async () => {
    for (const pathname of [
      '/track/..%2f..%2fpackage.json',
      '/track/assets/..%2f..%2f..%2fpackage.json',
      '/track/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await get(server, pathname);
      const text = await res.text();
      expect(text).not.toContain('@globalretail/tracking-ui');
      // Either refused, or read as a (bad) tracking number and answered with the page.
      if (res.status === 200) expect(text).toBe(INDEX_HTML);
      else expect(res.status).toBe(404);
    }
  });

  it('sends the bare origin to the page and anything else to a 404', async () => {
    const root = await get(server, '/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/track');
    const other = await get(server, '/orders/123');
    expect(other.status).toBe(404);
    expect((await json(other)).error.code).toBe('ROUTE_NOT_FOUND');
    const post = await get(server, '/track', { method: 'POST' });
    expect(post.status).toBe(404);
  });
});

describe('security headers', () => {
  it.each(['/track/GRFG52M9CYT7KYZX0DC', '/track/assets/index-abc123.js', '/openapi.json'])(
    '%s carries a strict CSP and the other helmet headers',
    async (pathname) => {
      const res = await get(server, pathname);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives['default-src']).toBe("'self'");
      expect(directives['script-src']).toBe("'self'");
      expect(directives['style-src']).toBe("'self'");
      expect(directives['connect-src']).toBe("'self'");
      expect(directives['object-src']).toBe("'none'");
      expect(directives['frame-ancestors']).toBe("'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('the page source has no inline script or style, which the CSP would block', async () => {
    const html = await readFile(path.join(__dirname, '..', 'web', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
  });
});

describe('health, metrics and OpenAPI', () => {
  it('is alive and ready when the build is there', async () => {
    expect((await json(await get(server, '/healthz'))).service).toBe('tracking-ui');
    const ready = await get(server, '/readyz');
    expect(ready.status).toBe(200);
    expect((await json(ready)).checks).toEqual({ 'web assets': 'ok' });
  });

  it('counts page requests under their route template', async () => {
    await get(server, '/track/GRFG52M9CYT7KYZX0DC');
    const text = await (await get(server, '/metrics')).text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/track\/:trackingNumber"[^}]*\} \d+/);
  });

  it('documents the page routes', async () => {
    const doc = await json(await get(server, '/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/track', '/track/{trackingNumber}']);
  });

  it('without a build: not ready, and the page answers 503 UI_NOT_BUILT', async () => {
    const ready = await get(unbuilt, '/readyz');
    expect(ready.status).toBe(503);
    expect((await json(ready)).checks['web assets']).toMatch(/missing: run build:web/);
    const page = await get(unbuilt, '/track/GRFG52M9CYT7KYZX0DC');
    expect(page.status).toBe(503);
    expect((await json(page)).error.code).toBe('UI_NOT_BUILT');
    expect((await get(unbuilt, '/healthz')).status).toBe(200);
  });
});
