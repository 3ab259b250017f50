import { Metrics, createLogger, loadConfig, startHttpServer } from '@globalretail/service-kit';
import { createGatewayApp } from './app';
import { SERVICE_NAME, configSchema, upstreamUrls } from './config';
import { UpstreamLifecycle } from './readiness';

export interface StartGatewayOptions {
  env?: Record<string, string | undefined>;
  /** Exit the process on SIGTERM/SIGINT after draining (main does; tests do not). */
  exitOnShutdown?: boolean;
  defaultMetrics?: boolean;
}

/**
 * What the kit's `runService` does for the database-backed services, minus the database
 * (the gateway owns no data): config, logger, metrics, lifecycle, the app, listen, graceful
 * shutdown.
 */
export async function startGateway(options: StartGatewayOptions = {}) {
  const config = loadConfig(configSchema, options.env ?? process.env);
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const metrics = new Metrics(SERVICE_NAME, { defaultMetrics: options.defaultMetrics ?? true });
  const lifecycle = new UpstreamLifecycle(upstreamUrls(config), config.READY_CHECK_TIMEOUT_MS);
  const app = createGatewayApp({ config, logger, metrics, lifecycle });
  const http = await startHttpServer(app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    lifecycle,
    graceMs: config.SHUTDOWN_GRACE_MS,
    exitOnShutdown: options.exitOnShutdown ?? true,
  });
  logger.info({ upstreams: upstreamUrls(config) }, 'routing to');
  return { ...http, app, config, logger, metrics, lifecycle };
}

export type RunningGateway = Awaited<ReturnType<typeof startGateway>>;
