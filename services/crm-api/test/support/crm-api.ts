import {
  createTestDatabase,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import { createCrmApiDefinition, type CrmApiHandles } from '../../src/service';
import type { CrmApiConfig } from '../../src/config';
import { startFakeInventoryService, type FakeInventoryService } from './fake-inventory-service';
import { startFakeOrderService, type FakeOrderService } from './fake-order-service';

/** Seeded demo accounts (seeds/001_demo_customers.sql); the password of each is DEMO_PASSWORD. */
export const DEMO = {
  ava: { id: 'c0000000-0000-4000-8000-000000000001', email: 'ava@globalretail.example' },
  elias: { id: 'c0000000-0000-4000-8000-000000000002', email: 'elias@globalretail.example' },
  ops: { id: 'c0000000-0000-4000-8000-000000000003', email: 'ops@globalretail.example' },
  noah: { id: 'c0000000-0000-4000-8000-000000000004', email: 'noah@globalretail.example' },
  mia: { id: 'c0000000-0000-4000-8000-000000000005', email: 'mia@globalretail.example' },
  aoife: { id: 'c0000000-0000-4000-8000-000000000006', email: 'aoife@globalretail.example' },
} as const;
export const DEMO_PASSWORD = 'demo-password';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (for broken JSON and wrong content types). */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CrmApiUnderTest {
  url: string;
  db: TestDatabase;
  service: TestService<CrmApiConfig>;
  handles: CrmApiHandles;
  inventory: FakeInventoryService;
  orderService: FakeOrderService;
  call(method: string, path: string, options?: CallOptions): Promise<HttpAnswer>;
  /** Signs in through POST /auth/login and returns the token. */
  login(email: string, password?: string): Promise<string>;
  /** Every row crm-api owns, as text, to prove a request changed nothing. */
  snapshot(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

const OWNED_TABLES = ['customers', 'orders', 'order_lines', 'idempotency_keys', 'outbox', 'inbox'];

/**
 * crm-api in-process over real HTTP and a fresh copy of the seeded database, wired to the
 * stand-ins of inventory-service and order-service. The reconciler's timer is pushed far out
 * so tests run its passes themselves (`handles.reconciler.runOnce()`).
 */
export async function startCrmApi(env: Record<string, string> = {}): Promise<CrmApiUnderTest> {
  const db = await createTestDatabase();
  const inventory = await startFakeInventoryService();
  const orderService = await startFakeOrderService();
  let handles: CrmApiHandles | undefined;
  const service = await startTestService(
    createCrmApiDefinition({ onBuilt: (h) => (handles = h) }),
    {
      databaseUrl: db.url,
      env: {
        INVENTORY_URL: inventory.url,
        ORDER_SERVICE_URL: orderService.url,
        ORDER_SERVICE_RETRIES: '0',
        ORDER_SERVICE_TIMEOUT_MS: '1000',
        ORDER_RECONCILE_INTERVAL_MS: '3600000',
        ORDER_RECONCILE_MIN_AGE_MS: '0',
        ...env,
      },
    },
  );
  if (!handles) throw new Error('crm-api did not report its handles');

  const call = async (
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<HttpAnswer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(`${service.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  };

  return {
    url: service.url,
    db,
    service,
    handles,
    inventory,
    orderService,
    call,
    async login(email, password = DEMO_PASSWORD) {
      const res = await call('POST', '/auth/login', { body: { email, password } });
      if (res.status !== 200)
        throw new Error(`login of ${email} answered ${res.status}: ${res.text}`);
      return res.body.token as string;
    },
    async snapshot() {
      const result: Record<string, string> = {};
      for (const table of OWNED_TABLES) {
        const { rows } = await db.pool.query<{ rows: string | null }>(
          `SELECT string_agg(t::text, E'\\n' ORDER BY t::text) AS rows FROM crm.${table} t`,
        );
        result[table] = rows[0]?.rows ?? '';
      }
      return result;
    },
    async stop() {
      await service.stop();
      await Promise.all([inventory.stop(), orderService.stop()]);
      await db.drop();
    },
  };
}

/** A body POST /orders accepts. */
export const orderBody = (lines = [{ sku: 'WIDGET-1', quantity: 1 }], extra: object = {}) => ({
  lines,
  ...extra,
});
