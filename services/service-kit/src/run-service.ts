import { HttpClient } from './http-client';
import { OutboxRelay } from './outbox';
import type { Express } from 'express';
import type pg from 'pg';
import type { z } from 'zod';
import { Lifecycle, startHttpServer } from './app';
import { ServiceTokens } from './auth';
import { type BaseConfig, ConfigError, loadConfig } from './config';
import { createPool } from './db';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { type MigrationSource, runMigrations } from './migrations';

export interface ServiceContext<C extends BaseConfig> {
  config: Readonly<C>;
  logger: Logger;
  pool: pg.Pool;
  metrics: Metrics;
  lifecycle: Lifecycle;
  serviceTokens: ServiceTokens;
}

/** What a service is: its name, config, schema and how to build it. main.ts runs it. */
export interface ServiceDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  configSchema: S;
  migrations: MigrationSource;
  /** Builds the app and starts background work, registering closers on `ctx.lifecycle`. */
  build: (ctx: ServiceContext<z.infer<S> & BaseConfig>) => Promise<Express> | Express;
}

/**
 * The `main` of every service: parse config (exit 1 naming the bad variable), connect,
 * migrate and seed if asked, build the app, listen, and shut down gracefully.
 */
export async function runService<S extends z.ZodType>(
  options: ServiceDefinition<S>,
): Promise<void> {
  let config: z.infer<S> & BaseConfig;
  try {
    config = loadConfig(options.configSchema) as z.infer<S> & BaseConfig;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${options.name}: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(options.name, config.LOG_LEVEL);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  try {
    const pool = createPool({
      connectionString: config.DATABASE_URL,
      max: config.DB_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      applicationName: options.name,
      logger,
    });
    const lifecycle = new Lifecycle();
    lifecycle.onShutdown('database pool', () => pool.end());
    lifecycle.addReadinessCheck('database', () => pool.query('SELECT 1'));
    if (config.DB_MIGRATE_ON_START) {
      await runMigrations(pool, options.migrations, { seed: config.DB_SEED_DEMO_DATA, logger });
    }
    const metrics = new Metrics(options.name);
    const serviceTokens = new ServiceTokens(config.SERVICE_AUTH_SECRET, options.name);
    const app = await options.build({ config, logger, pool, metrics, lifecycle, serviceTokens });
    await startHttpServer(app, {
      port: config.PORT,
      host: config.HOST,
      logger,
      lifecycle,
      graceMs: config.SHUTDOWN_GRACE_MS,
    });
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    process.exit(1);
  }
}

/** Starts the outbox relay for the service's schema when it has subscribers. */
export function startOutboxRelay(
  ctx: ServiceContext<BaseConfig>,
  options: { schema: string; source: string; eventTypes?: Record<string, string[]> },
): OutboxRelay | undefined {
  const subscribers = ctx.config.OUTBOX_SUBSCRIBERS.map((s) => ({
    ...s,
    eventTypes: options.eventTypes?.[s.name],
  }));
  if (subscribers.length === 0) return undefined;
  const relay = new OutboxRelay({
    pool: ctx.pool,
    schema: options.schema,
    source: options.source,
    subscribers,
    http: new HttpClient({
      target: 'event subscriber',
      timeoutMs: 5000,
      retries: 0,
      token: ctx.serviceTokens.token,
    }),
    logger: ctx.logger,
    intervalMs: ctx.config.OUTBOX_RELAY_INTERVAL_MS,
  });
  relay.start();
  ctx.lifecycle.onShutdown('outbox relay', () => relay.stop());
  return relay;
}
