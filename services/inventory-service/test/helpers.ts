import { randomUUID } from 'node:crypto';
import {
  TestIdentity,
  createTestDatabase,
  serviceToken,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import type pg from 'pg';
import { inventoryDefinition, inventoryHandles, type InventoryConfig } from '../src/service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is instead of JSON-encoding `body`. */
  raw?: string;
  token?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One inventory-service on its own copy of the seeded database, with real HTTP and tokens. */
export class Harness {
  readonly service = serviceToken('order-service');
  operator!: string;

  private constructor(
    readonly db: TestDatabase,
    readonly svc: TestService<InventoryConfig>,
    readonly identity: TestIdentity,
  ) {
    this.operator = identity.operatorToken('ops-7', 'dana.ops@globalretail.example');
  }

  static async start(env: Record<string, string> = {}): Promise<Harness> {
    const db = await createTestDatabase();
    const identity = await new TestIdentity().start();
    const svc = await startTestService(inventoryDefinition, {
      databaseUrl: db.url,
      env: {
        JWKS_URL: identity.jwksUrl,
        DB_POOL_MAX: '20',
        // Tests drive the sweeper with sweepNow()/runOnce(); the timer only runs its first tick.
        RESERVATION_SWEEP_INTERVAL_MS: '3600000',
        ...env,
      },
    });
    return new Harness(db, svc, identity);
  }

  get pool(): pg.Pool {
    return this.db.pool;
  }

  get handles() {
    return inventoryHandles(this.svc.ctx);
  }

  async call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(`${this.svc.url}${path}`, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** Sets on-hand stock per warehouse (as a service), failing the test on any error. */
  async setStock(sku: string, levels: Record<string, number>): Promise<void> {
    for (const [warehouseId, onHand] of Object.entries(levels)) {
      const res = await this.call('PUT', `/inventory/${sku}`, {
        token: this.service,
        body: { warehouseId, onHand, reason: 'test setup' },
      });
      if (res.status !== 200)
        throw new Error(`setStock ${sku}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  reserve(
    lines: { sku: string; quantity: number }[],
    extra: { reservationId?: string; orderId?: string; region?: string; ttlSeconds?: number } = {},
  ): Promise<Reply> {
    return this.call('POST', '/reservations', {
      token: this.service,
      body: {
        reservationId: extra.reservationId ?? randomUUID(),
        orderId: extra.orderId ?? `order-${randomUUID()}`,
        region: extra.region ?? 'us-east-1',
        lines,
        ...(extra.ttlSeconds === undefined ? {} : { ttlSeconds: extra.ttlSeconds }),
      },
    });
  }

  async stockRow(sku: string, warehouseId: string): Promise<{ onHand: number; reserved: number }> {
    const { rows } = await this.pool.query(
      'SELECT on_hand, reserved FROM inventory.stock WHERE sku = $1 AND warehouse_id = $2',
      [sku, warehouseId],
    );
    if (!rows[0]) throw new Error(`no stock row ${sku}@${warehouseId}`);
    return { onHand: rows[0].on_hand, reserved: rows[0].reserved };
  }

  /** Outbox events of a type, oldest first. */
  async events(
    type: string,
  ): Promise<{ aggregate_id: string; payload: Json; request_id: string }[]> {
    const { rows } = await this.pool.query(
      'SELECT aggregate_id, payload, request_id FROM inventory.outbox WHERE event_type = $1 ORDER BY id',
      [type],
    );
    return rows;
  }

  /** Every row of every table a write could touch, to prove that a refused request wrote nothing. */
  async snapshot(): Promise<Record<string, unknown[]>> {
    const tables: Record<string, string> = {
      products: 'SELECT * FROM inventory.products ORDER BY sku',
      stock: 'SELECT * FROM inventory.stock ORDER BY sku, warehouse_id',
      reservations: 'SELECT * FROM inventory.reservations ORDER BY id',
      reservation_lines:
        'SELECT * FROM inventory.reservation_lines ORDER BY reservation_id, sku, warehouse_id',
      stock_audit: 'SELECT * FROM inventory.stock_audit ORDER BY id',
      outbox: 'SELECT * FROM inventory.outbox ORDER BY id',
    };
    const result: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(tables))
      result[name] = (await this.pool.query(sql)).rows;
    return result;
  }

  async stop(): Promise<void> {
    await this.svc.stop();
    await this.identity.stop();
    await this.db.drop();
  }
}

/** Counts by key. */
export function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
