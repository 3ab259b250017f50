import {
  ConfigError,
  Lifecycle,
  Metrics,
  createLogger,
  loadConfig,
  startHttpServer,
} from '@globalretail/service-kit';
import { buildTrackingUiApp, SERVICE_NAME } from './app';
import { configSchema, type TrackingUiConfig } from './config';

/**
 * Started like every service but without the kit's `runService`, which needs a database:
 * config (exit 1 naming the bad variable), logger, metrics, app, listen, graceful shutdown.
 */
async function main(): Promise<void> {
  let config: TrackingUiConfig;
  try {
    config = loadConfig(configSchema);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${SERVICE_NAME}: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  try {
    const lifecycle = new Lifecycle();
    const metrics = new Metrics(SERVICE_NAME);
    const app = buildTrackingUiApp({ config, logger, metrics, lifecycle });
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

void main();
