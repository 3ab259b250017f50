import type { Server } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { errorMiddleware, notFoundHandler } from './errors';
import { stopLogOutput } from './logger';
import { Metrics } from './metrics';
import { requestIdMiddleware, currentRequestId } from './request-context';
import './express-types';

export type ReadinessCheck = () => Promise<unknown>;

/**
 * Health of one process: `/healthz` answers while the process runs; `/readyz` answers 200
 * only when every dependency check passes and the process is not draining for shutdown.
 */
export class Lifecycle {
  draining = false;
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly closers: { name: string; close: () => Promise<unknown> | unknown }[] = [];

  addReadinessCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Run at shutdown in reverse order of registration (last started, first stopped). */
  onShutdown(name: string, close: () => Promise<unknown> | unknown): void {
    this.closers.push({ name, close });
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('timed out')), 2000).unref(),
            ),
          ]);
          checks[name] = 'ok';
        } catch (err) {
          checks[name] = `failing: ${(err as Error).message}`;
        }
      }),
    );
    if (this.draining) checks.shutdown = 'draining';
    return { ready: !this.draining && Object.values(checks).every((v) => v === 'ok'), checks };
  }

  async closeAll(logger: Logger): Promise<void> {
    for (const { name, close } of [...this.closers].reverse()) {
      try {
        await close();
      } catch (err) {
        logger.warn({ err, resource: name }, 'error while closing');
      }
    }
  }
}

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
  bodyLimit?: string;
  /** Logged per request at this level; health and metrics probes are not logged. */
  requestLogLevel?: 'info' | 'debug';
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * An Express app with what every service needs before its own routes: request ids, a
 * per-request logger, RED metrics, a strict JSON body parser with a size limit, health
 * and metrics endpoints. Add routes, then call {@link finishApp}.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const { logger, metrics, lifecycle } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(requestIdMiddleware);
  const requestLog: RequestHandler = (req, res, next) => {
    req.log = logger.child({ requestId: currentRequestId() });
    if (!QUIET_PATHS.has(req.path)) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        req.log[options.requestLogLevel ?? 'info'](
          {
            method: req.method,
            path: req.originalUrl,
            status: res.statusCode,
            ms: Math.round(ms * 10) / 10,
          },
          'request',
        );
      });
    }
    next();
  };
  app.use(requestLog);
  app.use(metrics.middleware());
  app.use(
    express.json({
      limit: options.bodyLimit ?? '100kb',
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const result = await lifecycle.readiness();
    res
      .status(result.ready ? 200 : 503)
      .json({ status: result.ready ? 'ready' : 'not-ready', ...result });
  });
  app.get('/metrics', metrics.handler());
  return app;
}

/** The 404 and error handlers; call after the service's own routes. */
export function finishApp(app: Express): Express {
  app.use(notFoundHandler);
  app.use(errorMiddleware);
  return app;
}

/**
 * Listens and installs graceful shutdown on SIGTERM/SIGINT, and on the loss of the IPC
 * channel to a local launcher: readiness turns 503 first (so a load balancer stops sending),
 * the server stops accepting, in-flight requests drain for up to `graceMs`, then background
 * work and the pool are closed.
 */
export async function startHttpServer(
  app: Express,
  options: {
    port: number;
    host?: string;
    logger: Logger;
    lifecycle: Lifecycle;
    graceMs?: number;
    exitOnShutdown?: boolean;
  },
): Promise<{ server: Server; port: number; shutdown: (reason?: string) => Promise<void> }> {
  const { logger, lifecycle } = options;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host ?? '0.0.0.0', (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown') =>
    (shuttingDown ??= (async () => {
      logger.info({ reason }, 'shutting down: draining');
      lifecycle.draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = options.graceMs ?? 10_000;
      const timer = setTimeout(() => {
        logger.warn({ graceMs: grace }, 'grace period over: closing remaining connections');
        server.closeAllConnections();
      }, grace);
      timer.unref();
      await closed;
      clearTimeout(timer);
      await lifecycle.closeAll(logger);
      logger.info('stopped');
    })());
  if (options.exitOnShutdown ?? true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void shutdown(signal).then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  if ((options.exitOnShutdown ?? true) && process.send) {
    // Started by a local launcher with an IPC channel: when it goes away, so do we. Our
    // stdout and stderr went with it, so stop logging first and do not wait forever.
    process.once('disconnect', () => {
      stopLogOutput(logger);
      process.stdout.on('error', () => undefined);
      process.stderr.on('error', () => undefined);
      setTimeout(() => process.exit(0), (options.graceMs ?? 10_000) + 5000).unref();
      void shutdown('launcher exited').finally(() => process.exit(0));
    });
  }
  logger.info({ port }, 'listening');
  return { server, port, shutdown };
}
