import { ConfigError, getLogger } from '@globalretail/service-kit';
import { SERVICE_NAME } from './config';
import { startCrmUi } from './server';

async function main(): Promise<void> {
  try {
    await startCrmUi();
  } catch (err) {
    if (err instanceof ConfigError) console.error(`${SERVICE_NAME}: ${err.message}`);
    else getLogger().fatal({ err }, 'failed to start');
    process.exit(1);
  }
}

void main();
