import express from 'express';
import { HttpClient, UpstreamError } from '../src/http-client';
import { AppError } from '../src/errors';
import { runWithRequestId } from '../src/request-context';
import { listen, type RunningServer } from '../src/testing';

let server: RunningServer;
const calls: { path: string; requestId?: string; auth?: string }[] = [];
const failuresLeft = new Map<string, number>();

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    calls.push({
      path: req.path,
      requestId: req.header('x-request-id'),
      auth: req.header('authorization'),
    });
    next();
  });
  app.all('/flaky/:key', (req, res) => {
    const left = failuresLeft.get(req.params.key) ?? 0;
    if (left > 0) {
      failuresLeft.set(req.params.key, left - 1);
      res.status(503).json({ error: { code: 'DOWN', message: 'temporarily down' } });
      return;
    }
    res.json({ ok: true });
  });
  app.post('/reject', (_req, res) => {
    res.status(409).json({
      error: { code: 'INSUFFICIENT_STOCK', message: 'not enough', details: [{ sku: 'A' }] },
    });
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => res.json({ ok: true }), 500);
  });
  server = await listen(app);
});
afterAll(() => server.close());
beforeEach(() => {
  calls.length = 0;
});

const client = (retries = 2) =>
  new HttpClient({
    target: 'upstream',
    baseUrl: server.url,
    retries,
    timeoutMs: 200,
    token: () => 'tok',
  });

describe('HttpClient', () => {
  it('retries an idempotent request on 503 and forwards the request id and credential', async () => {
    failuresLeft.set('a', 2);
    const res = await runWithRequestId('req-123', () =>
      client().request({ method: 'GET', path: '/flaky/a' }),
    );
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.requestId === 'req-123' && c.auth === 'Bearer tok')).toBe(true);
  });

  it('does not retry a POST that is not marked idempotent', async () => {
    failuresLeft.set('b', 1);
    await expect(
      client().request({ method: 'POST', path: '/flaky/b', body: {} }),
    ).rejects.toMatchObject({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(calls).toHaveLength(1);
  });

  it("passes an upstream 4xx on with the upstream's code and details", async () => {
    const err = await client()
      .request({ method: 'POST', path: '/reject', body: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 409, code: 'INSUFFICIENT_STOCK', details: [{ sku: 'A' }] });
    expect(calls).toHaveLength(1);
  });

  it('turns a slow upstream into 504 UPSTREAM_TIMEOUT', async () => {
    const err = await client(0)
      .request({ method: 'GET', path: '/slow' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT' });
  });

  it('reaches a service on a port that fetch refuses (6000, order-service)', async () => {
    // WHATWG fetch blocks these ports; the seed gives order-service 6000. Use the first free one.
    const app = express();
    app.get('/ping', (_req, res) => {
      res.json({ pong: true });
    });
    let blocked: RunningServer | undefined;
    for (const port of [6000, 6665, 6666, 6667, 6668, 6669, 6697, 10080]) {
      blocked = await listen(app, port).catch(() => undefined);
      if (blocked) break;
    }
    if (!blocked) throw new Error('no port of the fetch bad-port list was free on this machine');
    try {
      const res = await new HttpClient({ target: 'order-service', baseUrl: blocked.url }).request<{
        pong: boolean;
      }>({
        method: 'GET',
        path: '/ping',
      });
      expect(res.body).toEqual({ pong: true });
    } finally {
      await blocked.close();
    }
  });

  it('turns an unreachable upstream into 503 UPSTREAM_UNAVAILABLE', async () => {
    const dead = new HttpClient({
      target: 'nobody',
      baseUrl: 'http://127.0.0.1:1',
      retries: 1,
      timeoutMs: 200,
    });
    await expect(dead.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    });
  });
});
