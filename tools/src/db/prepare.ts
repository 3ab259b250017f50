import { createPool, runMigrations } from '@globalretail/service-kit';
import { MIGRATION_SOURCES } from './sources';

/** Creates the database if it does not exist (connecting through the server's `postgres` db). */
export async function ensureDatabase(
  serverUrl: (db: string) => string,
  name: string,
): Promise<void> {
  const admin = createPool({ connectionString: serverUrl('postgres'), max: 1 });
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** Applies every service's migrations (and seeds when asked) to one database. */
export async function migrateAll(url: string, options: { seed: boolean }): Promise<void> {
  const pool = createPool({ connectionString: url, max: 1, statementTimeoutMs: 60_000 });
  try {
    for (const source of MIGRATION_SOURCES)
      await runMigrations(pool, source, { seed: options.seed });
  } finally {
    await pool.end();
  }
}
