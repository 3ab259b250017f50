import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { request } from 'undici';
import { ensureDatabase } from '../db/prepare';
import { DATABASE_NAME, repoRoot } from '../db/sources';
import { entryPath, LOCAL_SERVICES, PORTAL, type LocalService } from './services';

export interface SystemOptions {
  /** Use this PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  embeddedPort?: number;
  dataDir?: string;
  /** Extra settings for the embedded server. */
  postgresSettings?: Record<string, string>;
  /** Port offset for every service (to run a second copy beside the first). */
  portOffset?: number;
  env?: Record<string, string>;
  /** Receives every output line of every service, already prefixed. */
  onLine?: (service: string, line: string) => void;
  /** Called when a service exits on its own after the system was started. */
  onExit?: (service: string, code: number | null, signal: NodeJS.Signals | null) => void;
  /** Called when a service answers its /readyz, with the time since services began starting. */
  onReady?: (service: string, ms: number) => void;
  /** Gets the stop function as soon as there is something to stop (for signal handlers). */
  onStoppable?: (stop: () => Promise<void>) => void;
  services?: LocalService[];
  /** Also start the Backstage developer portal, after the services. */
  portal?: boolean;
}

export interface RunningSystem {
  databaseUrl: string;
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/** Fails early and clearly when a port is taken (often: another copy still running). */
async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is already in use: is another copy of the system running? Stop it or free the port.`
            : `cannot listen on port ${port} (${what}): ${err.message}`,
        ),
      ),
    );
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve()));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PostgresProcess {
  url(database: string): string;
  stop(): Promise<void>;
}

/** Starts tools/dist/db/pg-runner.js (see there why PostgreSQL gets a process of its own). */
async function startPostgresProcess(
  dataDir: string,
  port: number,
  onLine?: (line: string) => void,
  settings?: Record<string, string>,
): Promise<PostgresProcess> {
  const runner = path.join(__dirname, '..', 'db', 'pg-runner.js');
  const child = spawn(
    process.execPath,
    [runner, dataDir, String(port), JSON.stringify(settings ?? {})],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) =>
      chunk
        .split('\n')
        .filter(Boolean)
        .forEach((l) => onLine?.(l)),
    );
  }
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: { ready?: boolean; error?: string }) =>
      m.ready ? resolve() : reject(new Error(`PostgreSQL did not start: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`PostgreSQL runner exited with code ${code}`)));
  });
  return {
    url: (database) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  };
}

async function waitReady(
  name: string,
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  readyPath = '/readyz',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      // undici, not fetch: fetch refuses port 6000 (WHATWG "bad ports").
      const res = await request(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms (${url}${readyPath})`);
}

/** Stops a child with SIGTERM (graceful drain), then SIGKILL if it hangs. */
function stopChild(child: ChildProcess, graceMs = 12_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts PostgreSQL (embedded unless a URL is given) and every service as its own Node
 * process, each once those it comes after answer /readyz, and waits until all do. Used by
 * the start command and benchmarks.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  let pg: PostgresProcess | undefined;
  let databaseUrl = options.databaseUrl;
  const children: { name: string; child: ChildProcess }[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  // Once: a signal during start-up and the failed start it causes both ask to stop.
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      await Promise.all(children.map(({ child }) => stopChild(child)));
      await pg?.stop();
      pg = undefined;
    })());
  options.onStoppable?.(stop);
  try {
    const services = [...(options.services ?? LOCAL_SERVICES), ...(options.portal ? [PORTAL] : [])];
    const unbuilt = services.filter((service) => !existsSync(entryPath(service)));
    if (unbuilt.length > 0) {
      throw new Error(
        `not built: ${unbuilt.map((s) => s.entry).join(', ')}; run \`yarn build\` (tools/start.sh does) and look for its errors`,
      );
    }
    for (const service of services)
      await assertPortFree(service.port + (options.portOffset ?? 0), service.name);
    if (!databaseUrl) {
      await assertPortFree(options.embeddedPort ?? 54329, 'embedded PostgreSQL');
      pg = await startPostgresProcess(
        options.dataDir ?? path.join(repoRoot, '.data', 'postgres'),
        options.embeddedPort ?? 54329,
        (line) => options.onLine?.('postgres', line),
        options.postgresSettings,
      );
      await ensureDatabase(pg.url, DATABASE_NAME);
      databaseUrl = pg.url(DATABASE_NAME);
    }
    const urls = Object.fromEntries(
      services.map((s) => [s.name, `http://127.0.0.1:${s.port + (options.portOffset ?? 0)}`]),
    );
    const spawnService = (service: LocalService): ChildProcess => {
      const port = service.port + (options.portOffset ?? 0);
      const launch = service.launch?.() ?? { nodeArgs: [], args: [], cwd: repoRoot };
      const child = spawn(
        process.execPath,
        [...launch.nodeArgs, entryPath(service), ...launch.args],
        {
          cwd: launch.cwd,
          env: {
            ...process.env,
            NODE_ENV: process.env.NODE_ENV ?? 'development',
            DATABASE_URL: databaseUrl,
            PORT: String(port),
            JWKS_URL: `${urls['crm-api']}/.well-known/jwks.json`,
            ...service.env(urls, { databaseUrl, port }),
            ...options.env,
          },
          // The IPC channel lets a service notice that the launcher died and shut down.
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        },
      );
      children.push({ name: service.name, child });
      child.once('exit', (code, signal) => {
        if (!stopping) options.onExit?.(service.name, code, signal);
      });
      for (const stream of [child.stdout!, child.stderr!]) {
        let buffer = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            options.onLine?.(service.name, buffer.slice(0, nl));
            buffer = buffer.slice(nl + 1);
          }
        });
      }
      return child;
    };
    // Each service starts as soon as those it comes after are ready (the order core at once,
    // then analytics and the pages together, the gateway last); each migrates its own schema.
    const started = Date.now();
    const ready = new Map<string, Promise<void>>();
    for (const service of services) {
      const before = (service.after ?? []).filter((name) => urls[name]);
      for (const name of before)
        if (!ready.has(name))
          throw new Error(`${service.name} comes after ${name}, which must be listed before it`);
      ready.set(
        service.name,
        Promise.all(before.map((name) => ready.get(name))).then(async () => {
          if (stopping) throw new Error('start-up interrupted');
          const child = spawnService(service);
          await waitReady(service.name, urls[service.name]!, child, 60_000, service.readyPath);
          options.onReady?.(service.name, Date.now() - started);
        }),
      );
    }
    await Promise.all(ready.values());
    return { databaseUrl, urls, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
