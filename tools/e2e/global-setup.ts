import { rmSync } from 'node:fs';
import path from 'node:path';
import { startSystem } from '../dist/launcher/system';

/**
 * Starts PostgreSQL, all nine services and the developer portal for the browser tests, the way tools/start.sh
 * does, but isolated: a throw-away data directory and every port +20000. The carrier clock
 * runs fast so a shipment visibly moves within a test.
 */
export default async function globalSetup() {
  const lines: string[] = [];
  const dataDir = path.join(__dirname, '..', '..', '.data', `e2e-pg-${process.pid}`);
  const system = await startSystem({
    embeddedPort: 20000 + 34329,
    dataDir,
    portOffset: 20000,
    portal: true,
    env: {
      LOG_LEVEL: 'warn',
      CARRIER_CLOCK_SPEED: '200000',
      CARRIER_CLOCK_INTERVAL_MS: '500',
      CARRIER_EXCEPTION_RATE: '0',
    },
    onLine: (service, line) => {
      lines.push(`${service} | ${line}`);
      if (lines.length > 500) lines.shift();
    },
  }).catch((err: Error) => {
    console.error(lines.slice(-50).join('\n'));
    throw err;
  });
  return async () => {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
