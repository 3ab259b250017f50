import pg from 'pg';
import type { Logger } from 'pino';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

export interface PoolOptions {
  connectionString: string;
  max?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  logger?: Logger;
}

// BIGINT and NUMERIC come back as strings by default; counts and cents here fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** A pg pool whose every connection has a statement timeout, so no query hangs a request. */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeoutMs ?? 5000,
    idle_in_transaction_session_timeout: (options.statementTimeoutMs ?? 5000) * 2,
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', (err) => options.logger?.warn({ err }, 'idle database connection failed'));
  return pool;
}

const RETRYABLE_TX_ERRORS = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Runs `fn` in a transaction; commits on success, rolls back on error. Serialization
 * failures and deadlocks are retried a few times because the whole unit is re-run.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: {
    isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
    retries?: number;
  } = {},
): Promise<T> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query(
        options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN',
      );
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (attempt < retries && code && RETRYABLE_TX_ERRORS.has(code)) continue;
      throw err;
    } finally {
      client.release();
    }
  }
}

/** True when connected to a standby (read replica): such a region refuses writes with 503. */
export async function isReadOnly(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ ro: boolean }>('SELECT pg_is_in_recovery() AS ro');
  return rows[0]?.ro ?? false;
}
