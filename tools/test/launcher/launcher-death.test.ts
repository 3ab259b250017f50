/**
 * A local launcher that dies without cleaning up (SIGKILL, a crashed terminal) must not leave
 * its services running: each one notices its IPC channel close and exits, although its stdout
 * and stderr went with the launcher. The services do it in the kit's startHttpServer (here the
 * three database-free mains and one runService main), the portal in its backend's entry point;
 * each is started the way tools/src/launcher starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@globalretail/service-kit/testing';
import { entryPath, LOCAL_SERVICES, PORTAL } from '../../src/launcher/services';
import { freePort } from '../../src/net';

const SERVICES = ['tracking-ui', 'crm-ui', 'api-gateway', 'inventory-service', 'portal'];
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
  const service = [...LOCAL_SERVICES, PORTAL].find((s) => s.name === name)!;
  const closedPort = await freePort();
  const port = await freePort();
  const urls = Object.fromEntries(
    LOCAL_SERVICES.map((s) => [s.name, `http://127.0.0.1:${closedPort}`]),
  );
  const launch = service.launch?.() ?? { nodeArgs: [], args: [], cwd: process.cwd() };
  const child = spawn(process.execPath, [...launch.nodeArgs, entryPath(service), ...launch.args], {
    cwd: launch.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      DB_POOL_MAX: '2',
      SERVICE_AUTH_SECRET: randomBytes(24).toString('hex'),
      JWKS_URL: `http://127.0.0.1:${closedPort}/.well-known/jwks.json`,
      // Keep the service writing after the launcher is gone: that is what used to hang it.
      LOG_LEVEL: 'debug',
      ...service.env(urls, { databaseUrl: db.url, port }),
    },
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${output}`))),
  );
  // It is expected to exit later, once its launcher "dies": only the race above reads this.
  exited.catch(() => undefined);
  const readyUrl = `http://127.0.0.1:${port}${service.readyPath ?? '/healthz'}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = await Promise.race([
      fetch(readyUrl).then(
        (res) => res.ok,
        () => false,
      ),
      exited,
    ]);
    if (ready) return child;
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
  it.each(SERVICES)(
    '%s',
    async (name) => {
      const child = await startAsLauncherChild(name);
      killLauncherSide(child);
      // Their grace period is 10 s by default; an idle service stops well within it.
      expect(await exitWithin(child, 20_000)).toBe(0);
    },
    150_000,
  );
});
