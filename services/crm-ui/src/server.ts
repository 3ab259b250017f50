import {
  Lifecycle,
  Metrics,
  createLogger,
  loadConfig,
  startHttpServer,
} from '@globalretail/service-kit';
import { createCrmUiApp } from './app';
import { SERVICE_NAME, configSchema } from './config';

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Exit the process on SIGTERM/SIGINT after draining (main does; tests do not). */
  exitOnShutdown?: boolean;
  defaultMetrics?: boolean;
}

/**
 * What `runService` does for the database-backed services, minus the database: config,
 * logger, metrics, lifecycle, the app, listen, graceful shutdown.
 */
export async function startCrmUi(options: StartOptions = {}) {
  const config = loadConfig(configSchema, options.env ?? process.env);
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const metrics = new Metrics(SERVICE_NAME, { defaultMetrics: options.defaultMetrics ?? true });
  const lifecycle = new Lifecycle();
  const app = createCrmUiApp({ config, logger, metrics, lifecycle });
  const http = await startHttpServer(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    lifecycle,
    graceMs: config.SHUTDOWN_GRACE_MS,
    exitOnShutdown: options.exitOnShutdown ?? true,
  });
  return { ...http, app, config, logger, lifecycle };
}
