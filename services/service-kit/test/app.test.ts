import { z } from 'zod';
import pino from 'pino';
import { ApiRouter } from '../src/api';
import { createServiceApp, finishApp, Lifecycle } from '../src/app';
import { authenticate, JwksKeyStore, ServiceTokens } from '../src/auth';
import { baseConfigSchema, ConfigError, loadConfig } from '../src/config';
import { Metrics } from '../src/metrics';
import { listen, TestIdentity, type RunningServer } from '../src/testing';

const secret = 'a-test-secret-of-enough-length';
let server: RunningServer;
let identity: TestIdentity;
let ready = true;
const lifecycle = new Lifecycle();

beforeAll(async () => {
  identity = await new TestIdentity().start();
  const api = new ApiRouter({ title: 't', version: '1' });
  api.route(
    {
      method: 'post',
      path: '/things/:id',
      summary: 'make a thing',
      params: z.object({ id: z.uuid() }),
      body: z.strictObject({ quantity: z.number().int().min(1) }),
      responses: { 201: { description: 'made', schema: z.object({ id: z.string() }) } },
    },
    (_req, res, { params }) => {
      res.status(201).json({ id: params.id });
    },
  );
  api.route(
    {
      method: 'get',
      path: '/ops',
      summary: 'ops only',
      auth: ['operator'],
      responses: { 200: { description: 'ok' } },
    },
    (req, res) => {
      res.json({ who: req.auth });
    },
  );
  api.route(
    {
      method: 'get',
      path: '/boom',
      summary: 'fails',
      responses: { 200: { description: 'never' } },
    },
    () => {
      throw new Error('secret internal detail');
    },
  );
  lifecycle.addReadinessCheck('dependency', async () => {
    if (!ready) throw new Error('down');
  });
  const app = createServiceApp({
    service: 't',
    logger: pino({ level: 'silent' }),
    metrics: new Metrics('t', { defaultMetrics: false }),
    lifecycle,
    bodyLimit: '1kb',
  });
  app.use(authenticate({ serviceSecret: secret, userKeys: new JwksKeyStore(identity.jwksUrl) }));
  app.get('/openapi.json', (_req, res) => {
    res.json(api.document());
  });
  app.use(api.router);
  finishApp(app);
  server = await listen(app);
});
afterAll(async () => {
  await server.close();
  await identity.stop();
});

const post = (
  path: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => fetch(`${server.url}${path}`, { method: 'POST', body, headers });
// Response bodies in these tests are read loosely; the assertions check their shape.
type Loose = {
  error: { code: string; details: { field: string }[] };
  checks: Record<string, string>;
  who: unknown;
} & Record<string, never>;
const json = async (res: Response) => (await res.json()) as Loose;
const id = '3f1c9f5e-4a3b-4c1e-9d7a-2b6f8e0a1c2d';

describe('service app', () => {
  it.each([
    ['bad JSON', '{"quantity":', 400, 'INVALID_JSON'],
    ['wrong type', '{"quantity":"3"}', 400, 'VALIDATION_FAILED'],
    ['fraction', '{"quantity":1.5}', 400, 'VALIDATION_FAILED'],
    ['unknown field', '{"quantity":1,"admin":true}', 400, 'VALIDATION_FAILED'],
    ['too large', JSON.stringify({ quantity: 1, pad: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('answers %s with a clear JSON error', async (_name, body, status, code) => {
    const res = await post(`/things/${id}`, body);
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBe(code);
  });

  it('names the failing field', async () => {
    const res = await post('/things/not-a-uuid', '{"quantity":0}');
    const body = await json(res);
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['body.quantity', 'params.id']);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await post(`/things/${id}`, 'quantity=1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
  });

  it('hides internal errors behind a 500 INTERNAL', async () => {
    const res = await fetch(`${server.url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret internal detail');
    expect(JSON.parse(text).error.code).toBe('INTERNAL');
  });

  it('echoes a sane request id and replaces a hostile one', async () => {
    const ok = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers.get('x-request-id')).toBe('abc-123');
    const bad = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': 'a b<script>' },
    });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('checks identities: none 401, wrong kind 403, forged 401, operator 200', async () => {
    expect((await fetch(`${server.url}/ops`)).status).toBe(401);
    const customer = identity.customerToken('c1');
    expect(
      (await fetch(`${server.url}/ops`, { headers: { authorization: `Bearer ${customer}` } }))
        .status,
    ).toBe(403);
    const forged = `${identity.operatorToken().slice(0, -4)}AAAA`;
    expect(
      (await fetch(`${server.url}/ops`, { headers: { authorization: `Bearer ${forged}` } })).status,
    ).toBe(401);
    const wrongSecret = new ServiceTokens('another-secret-entirely!', 'x').token();
    expect(
      (await fetch(`${server.url}/ops`, { headers: { authorization: `Bearer ${wrongSecret}` } }))
        .status,
    ).toBe(401);
    const res = await fetch(`${server.url}/ops`, {
      headers: { authorization: `Bearer ${identity.operatorToken('op-9')}` },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).who).toMatchObject({ kind: 'operator', userId: 'op-9' });
  });

  it('reports readiness per dependency and turns unready while draining', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    ready = false;
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect((await json(res)).checks.dependency).toMatch(/failing/);
    ready = true;
    lifecycle.draining = true;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    lifecycle.draining = false;
  });

  it('counts requests per route template in /metrics', async () => {
    await post(`/things/${id}`, '{"quantity":1}');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(
      /http_requests_total\{method="POST",route="\/things\/:id",status="201",service="t"\} \d+/,
    );
  });

  it('documents routes in OpenAPI from the validating schemas', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody: {
              content: Record<string, { schema: { properties: Record<string, { type: string }> } }>;
            };
            parameters: unknown[];
          }
        >
      >;
    };
    const op = doc.paths['/things/{id}']?.post;
    expect(op?.requestBody.content['application/json']?.schema.properties.quantity?.type).toBe(
      'integer',
    );
    expect(op?.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });
});

describe('loadConfig', () => {
  it('names every bad variable', () => {
    const schema = baseConfigSchema(1234);
    try {
      loadConfig(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', REGION: 'mars-1' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).message;
      expect(text).toMatch(/PORT/);
      expect(text).toMatch(/DATABASE_URL/);
      expect(text).toMatch(/REGION/);
    }
  });

  it('applies defaults and refuses the development secret in production', () => {
    const schema = baseConfigSchema(1234);
    const config = loadConfig(schema, { DATABASE_URL: 'postgres://u:p@localhost:5432/db' });
    expect(config).toMatchObject({ PORT: 1234, REGION: 'us-east-1', OUTBOX_SUBSCRIBERS: [] });
    expect(() =>
      loadConfig(schema, { DATABASE_URL: 'postgres://u:p@h/db', NODE_ENV: 'production' }),
    ).toThrow(/SERVICE_AUTH_SECRET/);
  });

  it('parses outbox subscribers', () => {
    const config = loadConfig(baseConfigSchema(1), {
      DATABASE_URL: 'postgres://h/db',
      OUTBOX_SUBSCRIBERS: 'crm-api=http://localhost:3000/events',
    });
    expect(config.OUTBOX_SUBSCRIBERS).toEqual([
      { name: 'crm-api', url: 'http://localhost:3000/events' },
    ]);
    expect(() =>
      loadConfig(baseConfigSchema(1), {
        DATABASE_URL: 'postgres://h/db',
        OUTBOX_SUBSCRIBERS: 'nope',
      }),
    ).toThrow(/OUTBOX_SUBSCRIBERS/);
  });
});
