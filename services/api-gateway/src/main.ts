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
  const { logger } = started;
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

void main();
