import { randomUUID } from 'node:crypto';
import type { DeliveredEvent } from '@globalretail/service-kit';
import {
  serviceToken,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import {
  createAnalyticsService,
  type AnalyticsConfig,
  type AnalyticsHandles,
  type AnalyticsOverrides,
} from '../src';

export const SERVICE_AUTH = `Bearer ${serviceToken('inventory-service')}`;

export interface Analytics {
  service: TestService<AnalyticsConfig>;
  handles: AnalyticsHandles;
  url: string;
  stop(): Promise<void>;
}

/** An analytics-service on the given database; no stock snapshot unless asked. */
export async function startAnalytics(
  db: TestDatabase,
  options: { env?: Record<string, string>; overrides?: AnalyticsOverrides; port?: number } = {},
): Promise<Analytics> {
  const analytics = createAnalyticsService(options.overrides);
  const service = await startTestService(analytics.definition, {
    databaseUrl: db.url,
    port: options.port,
    env: { STOCK_BOOTSTRAP_ENABLED: 'false', ...options.env },
  });
  return { service, handles: analytics.handles, url: service.url, stop: () => service.stop() };
}

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(
  baseUrl: string,
  path: string,
  options: { auth?: string | null; method?: string; body?: unknown } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (options.auth) headers.authorization = options.auth;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** Builds events the way a producer's relay delivers them, with increasing sequences. */
export class EventFactory {
  private sequence = 1000;
  constructor(public readonly source: string) {}

  event(
    type: string,
    payload: Record<string, unknown>,
    options: { occurredAt?: Date | string; sequence?: number; aggregateId?: string } = {},
  ): DeliveredEvent {
    const occurredAt = options.occurredAt ?? new Date();
    return {
      eventId: randomUUID(),
      source: this.source,
      sequence: options.sequence ?? ++this.sequence,
      type,
      aggregateType: type.split('.')[0]!,
      aggregateId: options.aggregateId ?? String(payload.sku ?? payload.shipmentId ?? randomUUID()),
      payload,
      occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    };
  }
}

export async function postEvents(
  baseUrl: string,
  events: DeliveredEvent[],
  auth: string | null = SERVICE_AUTH,
): Promise<CallResult> {
  return call(baseUrl, '/events', {
    method: 'POST',
    auth,
    body: { source: events[0]?.source ?? 'test', events },
  });
}

/** What each producer would put in a payload. */
export const payloads = {
  adjusted: (sku: string, warehouseId: string, onHand: number, reserved = 0) => ({
    sku,
    warehouseId,
    region: warehouseId.replace(/^wh-/, ''),
    previousOnHand: 0,
    onHand,
    reserved,
    available: onHand - reserved,
    reason: 'count',
    actor: { kind: 'operator', name: 'ops@example.com' },
  }),
  low: (sku: string, warehouseId: string, onHand: number, reserved: number, threshold: number) => ({
    sku,
    warehouseId,
    region: warehouseId.replace(/^wh-/, ''),
    onHand,
    reserved,
    available: onHand - reserved,
    threshold,
  }),
  reservation: (
    reservationId: string,
    allocations: { warehouseId: string; lines: { sku: string; quantity: number }[] }[],
  ) => ({
    reservationId,
    orderId: randomUUID(),
    region: 'us-east-1',
    status: 'HELD',
    allocations: allocations.map((a) => ({ ...a, region: a.warehouseId.replace(/^wh-/, '') })),
  }),
  shipmentCreated: (
    shipmentId: string,
    options: { region?: string; createdAt: Date; eta: Date; status?: string },
  ) => ({
    shipmentId,
    orderId: randomUUID(),
    trackingNumber: `GR${shipmentId.slice(0, 8).toUpperCase()}`,
    carrier: 'UPS',
    carrierService: 'UPS Ground',
    serviceLevel: 'standard',
    status: options.status ?? 'LABEL_CREATED',
    originWarehouseId: `wh-${options.region ?? 'us-east-1'}`,
    originRegion: options.region ?? 'us-east-1',
    destination: { city: 'Boston', country: 'US' },
    items: [{ sku: 'GR-1001', quantity: 1 }],
    costCents: 995,
    currency: 'USD',
    estimatedDeliveryAt: options.eta.toISOString(),
    createdAt: options.createdAt.toISOString(),
  }),
  statusChanged: (shipmentId: string, from: string, to: string, occurredAt: Date) => ({
    shipmentId,
    orderId: 'o',
    trackingNumber: 'GR1',
    carrier: 'UPS',
    from,
    to,
    description: to,
    location: 'Somewhere',
    occurredAt: occurredAt.toISOString(),
    estimatedDeliveryAt: occurredAt.toISOString(),
  }),
  supplyOrder: (
    status: 'CONFIRMED' | 'FAILED',
    lines: { sku: string; quantity: number }[],
    region = 'us-east-1',
  ) => ({
    orderId: randomUUID(),
    supplyOrderId: randomUUID(),
    customerId: randomUUID(),
    region,
    status,
    lines,
    ...(status === 'FAILED'
      ? { failureCode: 'INSUFFICIENT_STOCK', failureReason: 'not enough', failureDetails: null }
      : { trackingNumbers: [], shipments: [] }),
  }),
};

/** Fisher-Yates with a fixed seed: the same "random" order every run. */
export function shuffled<T>(items: readonly T[], seed = 1): T[] {
  const out = [...items];
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
