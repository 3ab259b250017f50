import { ConfigError, getLogger } from '@globalretail/service-kit';
import { SERVICE_NAME } from './config';
import { startGateway, type RunningGateway } from './server';

async function main(): Promise<void> {
  let started: RunningGateway;
  try {
    started = await startGateway();
  } catch (err) {
    if (err instanceof ConfigError) console.error(`${SERVICE_NAME}: ${err.message}`);
    else getLogger().fatal({ err }, 'failed to start');
    process.exit(1);
  }
  const { shutdown, config, logger } = started;
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  // Started by the local launcher with an IPC channel: when it goes away, so do we.
  if (process.send) {
    process.once('disconnect', () => {
      // Our stdout pipe went with the launcher: drop write errors, and do not wait forever.
      process.stdout.on('error', () => undefined);
      process.stderr.on('error', () => undefined);
      setTimeout(() => process.exit(0), config.SHUTDOWN_GRACE_MS + 5000).unref();
      void shutdown('launcher exited').finally(() => process.exit(0));
    });
  }
}

void main();
