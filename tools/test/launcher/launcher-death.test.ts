/**
 * A local launcher that dies without cleaning up (SIGKILL, a crashed terminal) must not leave
 * its services running: each one notices its IPC channel close and exits, although its stdout
 * and stderr went with the launcher. Every service exits through the kit's startHttpServer;
 * these are the three database-free mains and one runService main, started from their builds
 * the way tools/src/launcher starts them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@globalretail/service-kit/testing';
import { entryPath, LOCAL_SERVICES } from '../../src/launcher/services';
import { freePort } from '../../src/net';

const SERVICES = ['tracking-ui', 'crm-ui', 'api-gateway', 'inventory-service'];
let db: TestDatabase;
const started: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 2 });
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await db?.drop();
});

/** Starts a service as the launcher does: piped output, an IPC channel, its own env. */
async function startAsLauncherChild(name: string): Promise<ChildProcess> {
  const service = LOCAL_SERVICES.find((s) => s.name === name)!;
  const closedPort = await freePort();
  const urls = Object.fromEntries(
    LOCAL_SERVICES.map((s) => [s.name, `http://127.0.0.1:${closedPort}`]),
  );
  const child = spawn(process.execPath, [entryPath(service)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
      DB_POOL_MAX: '2',
      SERVICE_AUTH_SECRET: randomBytes(24).toString('hex'),
      JWKS_URL: `http://127.0.0.1:${closedPort}/.well-known/jwks.json`,
      // Keep the service writing after the launcher is gone: that is what used to hang it.
      LOG_LEVEL: 'debug',
      ...service.env(urls),
    },
  });
  started.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
  return child;
}

/** What the service sees when its launcher is SIGKILLed: its pipes and IPC channel close. */
function killLauncherSide(child: ChildProcess): void {
  child.stdout!.destroy();
  child.stderr!.destroy();
  child.disconnect();
}

function exitWithin(child: ChildProcess, ms: number): Promise<number | null | 'still running'> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still running'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('when the launcher dies, its services exit', () => {
  it.each(SERVICES)('%s', async (name) => {
    const child = await startAsLauncherChild(name);
    killLauncherSide(child);
    // Their grace period is 10 s by default; an idle service stops well within it.
    expect(await exitWithin(child, 20_000)).toBe(0);
  });
});
