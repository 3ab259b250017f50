import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../db/embedded';
import { ensureDatabase } from '../db/prepare';
import { DATABASE_NAME, repoRoot } from '../db/sources';
import { entryPath, LOCAL_SERVICES, type LocalService } from './services';

export interface SystemOptions {
  /** Use this PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  embeddedPort?: number;
  dataDir?: string;
  /** Port offset for every service (to run a second copy beside the first). */
  portOffset?: number;
  env?: Record<string, string>;
  /** Receives every output line of every service, already prefixed. */
  onLine?: (service: string, line: string) => void;
  services?: LocalService[];
}

export interface RunningSystem {
  databaseUrl: string;
  urls: Record<string, string>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitReady(
  name: string,
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms (${url}/readyz)`);
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
 * process, in order, each waited for on /readyz. Used by the start command and benchmarks.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  let pg: EmbeddedPostgresHandle | undefined;
  let databaseUrl = options.databaseUrl;
  const children: { name: string; child: ChildProcess }[] = [];
  const stop = async () => {
    for (const { child } of [...children].reverse()) await stopChild(child);
    await pg?.stop();
  };
  try {
    if (!databaseUrl) {
      pg = await startEmbeddedPostgres({
        dataDir: options.dataDir ?? path.join(repoRoot, '.data', 'postgres'),
        port: options.embeddedPort ?? 54329,
        persistent: true,
        onLog: (line) => options.onLine?.('postgres', line),
      });
      await ensureDatabase(pg.url, DATABASE_NAME);
      databaseUrl = pg.url(DATABASE_NAME);
    }
    const services = options.services ?? LOCAL_SERVICES;
    const urls = Object.fromEntries(
      services.map((s) => [s.name, `http://127.0.0.1:${s.port + (options.portOffset ?? 0)}`]),
    );
    for (const service of services) {
      const child = spawn(process.execPath, [entryPath(service)], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: process.env.NODE_ENV ?? 'development',
          DATABASE_URL: databaseUrl,
          PORT: String(service.port + (options.portOffset ?? 0)),
          JWKS_URL: `${urls['crm-api']}/.well-known/jwks.json`,
          ...service.env(urls),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push({ name: service.name, child });
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
    }
    // Services start in parallel (each migrates its own schema); readiness is awaited in order.
    await Promise.all(
      children.map(({ name, child }) => waitReady(name, urls[name]!, child, 60_000)),
    );
    return { databaseUrl, urls, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
