/**
 * Helpers for tests against real PostgreSQL and real HTTP. The Jest global setup
 * (tools/jest/global-setup.js) starts the database and builds a migrated, seeded template
 * database once; each test file clones it, so tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type pg from 'pg';
import { createPool } from './db';
import type { z } from 'zod';
import { ServiceTokens, UserTokenIssuer } from './auth';
import { Lifecycle } from './app';
import { type BaseConfig, loadConfig } from './config';
import { createLogger } from './logger';
import { Metrics } from './metrics';
import type { ServiceContext, ServiceDefinition } from './run-service';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url)
    throw new Error('TEST_DATABASE_ADMIN_URL is not set: run tests through the root jest config');
  return url;
}

/** A fresh copy of the migrated, seeded template database. */
export async function createTestDatabase(
  options: { poolMax?: number } = {},
): Promise<TestDatabase> {
  const admin = createPool({ connectionString: adminUrl(), max: 1 });
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = process.env.TEST_DATABASE_TEMPLATE ?? 'crm_supply_template';
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = createPool({
    connectionString: url.toString(),
    max: options.poolMax ?? 20,
    statementTimeoutMs: 15_000,
  });
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      const a = createPool({ connectionString: adminUrl(), max: 1 });
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Listens on a free loopback port: real HTTP, in-process. */
export async function listen(app: Express, requestedPort = 0): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(requestedPort, '127.0.0.1', (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Stands in for crm-api as token issuer: a throwaway RSA key whose JWKS is served over real
 * HTTP, and helpers to mint customer and operator tokens.
 */
export class TestIdentity {
  readonly issuer = UserTokenIssuer.generate();
  private server: RunningServer | undefined;

  async start(): Promise<this> {
    const app = express();
    app.get('/.well-known/jwks.json', (_req, res) => {
      res.json(this.issuer.jwks());
    });
    this.server = await listen(app);
    return this;
  }

  get jwksUrl(): string {
    if (!this.server) throw new Error('call start() first');
    return `${this.server.url}/.well-known/jwks.json`;
  }

  customerToken(
    customerId: string,
    region = 'us-east-1',
    email = `${customerId}@test.example`,
  ): string {
    return this.issuer.sign({ sub: customerId, role: 'customer', email, region }).token;
  }

  operatorToken(userId = 'ops-1', email = 'ops@test.example'): string {
    return this.issuer.sign({ sub: userId, role: 'operator', email }).token;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface TestService<C> {
  url: string;
  app: Express;
  ctx: ServiceContext<C & BaseConfig>;
  /** Stops the server and background work and closes the pool, like a SIGTERM would. */
  stop(): Promise<void>;
}

/**
 * Starts a service in-process on a free loopback port, configured from `env` like the
 * real process (the schema's defaults apply), against the given database. Migrations are
 * not re-run: the test database is a copy of the migrated template.
 */
export async function startTestService<S extends z.ZodType>(
  definition: ServiceDefinition<S>,
  options: { databaseUrl: string; env?: Record<string, string>; port?: number },
): Promise<TestService<z.infer<S>>> {
  const config = loadConfig(definition.configSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DB_MIGRATE_ON_START: 'false',
    ...options.env,
    DATABASE_URL: options.databaseUrl,
  }) as z.infer<S> & BaseConfig;
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    applicationName: definition.name,
  });
  const lifecycle = new Lifecycle();
  lifecycle.onShutdown('database pool', () => pool.end());
  lifecycle.addReadinessCheck('database', () => pool.query('SELECT 1'));
  const ctx = {
    config,
    logger,
    pool,
    metrics: new Metrics(definition.name, { defaultMetrics: false }),
    lifecycle,
    serviceTokens: new ServiceTokens(config.SERVICE_AUTH_SECRET, definition.name),
  };
  const app = await definition.build(ctx);
  const server = await listen(app, options.port);
  let stopped = false;
  return {
    url: server.url,
    app,
    ctx,
    async stop() {
      if (stopped) return;
      stopped = true;
      lifecycle.draining = true;
      await server.close();
      await lifecycle.closeAll(logger);
    },
  };
}

/** A service credential as another service would send it (default secret of test config). */
export function serviceToken(
  service = 'test-caller',
  secret = 'dev-only-service-secret-change-me',
): string {
  return new ServiceTokens(secret, service).token();
}

/** A TCP port that was free a moment ago on loopback (to wire services that point at each other). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
