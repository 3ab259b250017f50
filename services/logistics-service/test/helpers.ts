import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  serviceToken,
  startTestService,
  TestIdentity,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import {
  createLogisticsService,
  type LogisticsConfig,
  type LogisticsHandles,
  type LogisticsOverrides,
} from '../src/service';

/** A clock tests move by hand. */
export class FakeClock {
  constructor(public current = new Date('2030-03-01T08:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  set(at: Date | number): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  db: TestDatabase;
  identity: TestIdentity;
  service: TestService<LogisticsConfig>;
  handles: LogisticsHandles;
  url: string;
  /** Another instance on the same database (a second replica). */
  startReplica(
    overrides?: LogisticsOverrides,
    env?: Record<string, string>,
  ): Promise<{
    service: TestService<LogisticsConfig>;
    handles: LogisticsHandles;
  }>;
  stop(): Promise<void>;
}

/**
 * A fresh database and a running service whose clock loop is not started: tests drive it
 * with `handles.clockLoop.runOnce()` at the time they set on their FakeClock.
 */
export async function startHarness(
  options: { env?: Record<string, string>; overrides?: LogisticsOverrides } = {},
): Promise<Harness> {
  const db = await createTestDatabase();
  const identity = await new TestIdentity().start();
  const env = { JWKS_URL: identity.jwksUrl, CARRIER_CLOCK_ENABLED: 'false', ...options.env };
  const replicas: TestService<LogisticsConfig>[] = [];
  const start = async (overrides?: LogisticsOverrides, extraEnv: Record<string, string> = {}) => {
    const logistics = createLogisticsService(overrides);
    const service = await startTestService(logistics.definition, {
      databaseUrl: db.url,
      env: { ...env, ...extraEnv },
    });
    replicas.push(service);
    return { service, handles: logistics.handles };
  };
  const first = await start(options.overrides);
  return {
    db,
    identity,
    service: first.service,
    handles: first.handles,
    url: first.service.url,
    startReplica: start,
    async stop() {
      for (const r of replicas) await r.stop();
      await identity.stop();
      await db.drop();
    },
  };
}

export const SERVICE = `Bearer ${serviceToken('order-service')}`;

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/** Real HTTP. `body` is sent as JSON unless `raw` gives the exact bytes. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    auth?: string | null;
    body?: unknown;
    raw?: string;
    contentType?: string;
  } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? SERVICE : options.auth;
  if (auth) headers.authorization = auth;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export function shipmentBody(overrides: Record<string, unknown> = {}) {
  return {
    shipmentId: randomUUID(),
    orderId: `order-${randomUUID()}`,
    originWarehouseId: 'WH-US-EAST-1',
    originRegion: 'us-east-1',
    destination: {
      name: 'Ada Lovelace',
      line1: '12 Analytical Engine Street',
      line2: 'Apartment 4B',
      city: 'Boston',
      postalCode: '02110',
      country: 'US',
    },
    items: [
      { sku: 'TSHIRT-BLUE-M', quantity: 2 },
      { sku: 'MUG-CLASSIC', quantity: 1 },
    ],
    serviceLevel: 'express',
    ...overrides,
  };
}

export const europeanDestination = {
  name: 'Grace Hopper',
  line1: 'Unter den Linden 5',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};

/** Everything this service stores, for proving that a refused request wrote nothing. */
export async function snapshot(db: TestDatabase): Promise<string> {
  const tables = [
    'SELECT * FROM logistics.shipments ORDER BY id',
    'SELECT * FROM logistics.tracking_events ORDER BY id',
    'SELECT * FROM logistics.outbox ORDER BY id',
  ];
  const results = await Promise.all(tables.map((sql) => db.pool.query(sql)));
  return JSON.stringify(results.map((r) => r.rows));
}

export async function countRows(db: TestDatabase, sql: string, params: unknown[] = []) {
  const { rows } = await db.pool.query<{ n: number }>(sql, params);
  return Number(rows[0]!.n);
}
