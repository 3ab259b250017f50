import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { kitMigrations } from './kit-migrations';

export interface MigrationSource {
  /** The PostgreSQL schema the service owns, e.g. `inventory`. */
  schema: string;
  /** Folder of versioned `NNN_description.sql` files, applied in order, once each. */
  migrationsDir: string;
  /** Folder of idempotent seed files (demo data), applied on every run when asked. */
  seedsDir?: string;
}

interface Migration {
  version: string;
  name: string;
  sql: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;
const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

async function readSqlFiles(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file ${file} must be named NNN_description.sql`);
      return {
        version: match[1]!,
        name: match[2]!,
        sql: await readFile(path.join(dir, file), 'utf8'),
      };
    }),
  );
}

/**
 * Applies a service's migrations to its own schema. Safe when several instances start at
 * once (an advisory lock serialises them) and refuses to run when an applied migration's
 * file was edited afterwards (its checksum no longer matches). The kit's own tables
 * (outbox, deliveries, inbox) are applied first, as versions `kit-NNN`.
 */
export async function runMigrations(
  pool: pg.Pool,
  source: MigrationSource,
  options: { seed?: boolean; logger?: Logger } = {},
): Promise<{ applied: string[] }> {
  const { schema } = source;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const migrations = [
    ...kitMigrations(schema).map((m) => ({ ...m, version: `kit-${m.version}` })),
    ...(await readSqlFiles(source.migrationsDir)),
  ];
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
      version text PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: string; checksum: string }>(
      `SELECT version, checksum FROM ${schema}.schema_migrations`,
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const migration of migrations) {
      const sum = checksum(migration.sql);
      const previous = done.get(migration.version);
      if (previous !== undefined) {
        if (previous !== sum) {
          throw new Error(
            `migration ${schema}/${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${schema}, public`);
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO ${schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`,
          [migration.version, migration.name, sum],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(
          `migration ${schema}/${migration.version}_${migration.name} failed: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      applied.push(`${migration.version}_${migration.name}`);
      options.logger?.info(
        { schema, migration: `${migration.version}_${migration.name}` },
        'migration applied',
      );
    }
    // A service may have no seeds; git does not keep an empty folder.
    if (options.seed && source.seedsDir && existsSync(source.seedsDir)) {
      for (const seed of await readSqlFiles(source.seedsDir)) {
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${schema}, public`);
          await client.query(seed.sql);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(
            `seed ${schema}/${seed.version}_${seed.name} failed: ${(err as Error).message}`,
            { cause: err },
          );
        }
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`])
      .catch(() => undefined);
    client.release();
  }
  return { applied };
}
