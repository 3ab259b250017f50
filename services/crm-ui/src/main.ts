import { ConfigError, getLogger } from '@globalretail/service-kit';
import { SERVICE_NAME } from './config';
import { startCrmUi } from './server';

async function main(): Promise<void> {
  let started: Awaited<ReturnType<typeof startCrmUi>>;
  try {
    started = await startCrmUi();
  } catch (err) {
    if (err instanceof ConfigError) console.error(`${SERVICE_NAME}: ${err.message}`);
    else getLogger().fatal({ err }, 'failed to start');
    process.exit(1);
  }
  const { shutdown, config } = started;
  // Started by the local launcher with an IPC channel: when it goes away, so do we.
  if (process.send) {
    process.once('disconnect', () => {
      process.stdout.on('error', () => undefined);
      process.stderr.on('error', () => undefined);
      setTimeout(() => process.exit(0), config.SHUTDOWN_GRACE_MS + 5000).unref();
      void shutdown('launcher exited').finally(() => process.exit(0));
    });
  }
}

void main();
