/**
 * Shared by the gateway's tests: stand-in upstreams over real HTTP, token minting with a real
 * JWKS endpoint, a gateway started the way main.ts starts it, and an HTTP client.
 *
 * Import this module first in every test file (it maps http-proxy-middleware to the copy
 * Node loaded, see support/native-esm-environment.js), and give the file the docblock
 * `@jest-environment ./test/support/native-esm-environment.js`.
 */
jest.mock(
  'http-proxy-middleware',
  () =>
    (globalThis as unknown as { __loadedByNode: Record<string, unknown> }).__loadedByNode[
      'http-proxy-middleware'
    ],
);

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { UserTokenIssuer } from '@globalretail/service-kit';
import {
  freePort,
  listen,
  serviceToken,
  type RunningServer,
} from '@globalretail/service-kit/testing';
import express from 'express';
import { request } from 'undici';
import { UPSTREAMS, type UpstreamName } from '../src/config';
import { startGateway, type RunningGateway } from '../src/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field
export type Json = any;

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Responder = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/**
 * A stand-in for a service whose real process would need the whole stack: it records every
 * request and answers `{service, method, url, headers, body}` (or what a test tells it to).
 * Its `/readyz` answers `readyStatus`.
 */
export class StandIn {
  readonly seen: Seen[] = [];
  readyStatus = 200;
  readyDelayMs = 0;
  /** Replaces the echo answer for the next requests (`undefined` restores it). */
  respond: Responder | undefined;
  private server!: RunningServer;

  constructor(readonly name: string) {}

  async start(): Promise<this> {
    const app = express();
    app.get('/readyz', (_req, res) => {
      setTimeout(() => {
        res.status(this.readyStatus).json({ status: this.readyStatus === 200 ? 'ready' : 'not' });
      }, this.readyDelayMs).unref();
    });
    app.use((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen = {
          method: req.method,
          url: req.originalUrl,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        this.seen.push(seen);
        if (this.respond) return this.respond(req, res, seen);
        res.json({
          service: this.name,
          method: seen.method,
          url: seen.url,
          headers: seen.headers,
          body: seen.body.toString('utf8'),
        });
      });
    });
    this.server = await listen(app);
    return this;
  }

  get url(): string {
    return this.server.url;
  }

  get last(): Seen | undefined {
    return this.seen.at(-1);
  }

  stop(): Promise<void> {
    return this.server.close();
  }
}

/** One stand-in per upstream. */
export async function startStandIns(): Promise<Record<UpstreamName, StandIn>> {
  const names = Object.keys(UPSTREAMS) as UpstreamName[];
  const started = await Promise.all(names.map((name) => new StandIn(name).start()));
  return Object.fromEntries(started.map((s) => [s.name, s])) as Record<UpstreamName, StandIn>;
}

export function upstreamEnv(urls: Partial<Record<UpstreamName, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, url] of Object.entries(urls))
    env[UPSTREAMS[name as UpstreamName].env] = url as string;
  return env;
}

/**
 * crm-api's role as token issuer: a throwaway RSA key with its JWKS served over HTTP, and
 * customer, operator, expired and forged tokens.
 */
export class Tokens {
  private readonly key: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  readonly issuer = new UserTokenIssuer(this.key);
  private server!: RunningServer;

  async start(): Promise<this> {
    const app = express();
    app.get('/.well-known/jwks.json', (_req, res) => {
      res.json(this.issuer.jwks());
    });
    this.server = await listen(app);
    return this;
  }

  get jwksUrl(): string {
    return `${this.server.url}/.well-known/jwks.json`;
  }

  customer(id = 'cust-1', region = 'us-east-1'): string {
    return this.issuer.sign({ sub: id, role: 'customer', email: `${id}@test.example`, region })
      .token;
  }

  operator(id = 'ops-1'): string {
    return this.issuer.sign({ sub: id, role: 'operator', email: `${id}@test.example` }).token;
  }

  /** Signed with the right key, but its lifetime is over. */
  expired(): string {
    return new UserTokenIssuer(this.key, -60).sign({
      sub: 'cust-1',
      role: 'customer',
      email: 'cust-1@test.example',
      region: 'us-east-1',
    }).token;
  }

  /** A real customer token whose payload was edited to say operator: the signature no longer fits. */
  tampered(): string {
    const [header, payload, signature] = this.customer('cust-9').split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const edited = Buffer.from(JSON.stringify({ ...claims, role: 'operator' })).toString(
      'base64url',
    );
    return [header, edited, signature].join('.');
  }

  /** Well-formed, signed by a key crm-api never published. */
  foreign(): string {
    return UserTokenIssuer.generate().sign({
      sub: 'ops-x',
      role: 'operator',
      email: 'ops-x@test.example',
    }).token;
  }

  /** A service credential: valid inside the cluster, not at the public edge. */
  service(): string {
    return serviceToken('order-service');
  }

  stop(): Promise<void> {
    return this.server.close();
  }
}

export interface TestGateway extends RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/** The gateway as main.ts starts it (config from env), on a free loopback port. */
export async function startTestGateway(env: Record<string, string>): Promise<TestGateway> {
  const gateway = await startGateway({
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
      SHUTDOWN_GRACE_MS: '200',
      ...env,
    },
    exitOnShutdown: false,
    defaultMetrics: false,
  });
  return {
    ...gateway,
    url: `http://127.0.0.1:${gateway.port}`,
    stop: () => gateway.shutdown('test over'),
  };
}

export interface Reply<T = Json> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: T;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless `raw` is given. */
  json?: unknown;
  raw?: string | Buffer;
}

/** The JSON in `text`, or undefined when it is empty or not JSON (an HTML page, a stream). */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** One HTTP request (undici: no "bad port" list, any header may be set). */
export async function call(method: string, url: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(url, {
    method: method as 'GET',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, body: parseJson(text) };
}

/** A GET whose path is sent exactly as written (URL parsers would resolve `..` first). */
export function rawGet(base: string, path: string): Promise<{ status: number; body: Json }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A URL nothing listens on (a moment ago). */
export async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
