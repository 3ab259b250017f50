/**
 * TEST DOUBLE of order-service, not the real thing: a small real HTTP server that answers
 * `POST /supply-orders` as docs/service-contracts.md describes it (service token required,
 * one supply order per orderId, a repeat answers 200 with the existing one), with a stock
 * table standing in for the saga's reservation step. It records every call so crm-api's
 * tests can check what was sent. The cross-service tests use the real order-service.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import jwt from 'jsonwebtoken';
import { listen, type RunningServer } from '@globalretail/service-kit/testing';
import { listenOn } from './fake-inventory-service';

export interface SupplyOrderCall {
  orderId: string;
  customerId: string;
  region: string;
  lines: { sku: string; quantity: number }[];
  shipTo: Record<string, unknown>;
  serviceLevel?: string;
  /** The `svc` claim of the caller's service token. */
  caller: string;
}

export interface FakeSupplyOrder {
  id: string;
  orderId: string;
  status: 'PENDING' | 'CONFIRMED' | 'FAILED';
  trackingNumbers: string[];
  failureCode: string | null;
  failureReason: string | null;
  failureDetails: unknown;
}

/**
 * - `saga`: reserve from `stock`, then CONFIRMED with a tracking number per order (201);
 *   when stock is short the supply order is FAILED (see `stockFailureAs`);
 * - `accepted`: the saga "continues in the background": 202 with a PENDING supply order;
 * - `hang`: never answers (the caller's timeout fires).
 */
export type FakeOrderMode = 'saga' | 'accepted' | 'hang';

export interface FakeOrderService {
  url: string;
  mode: FakeOrderMode;
  stock: Record<string, number>;
  /** Added before answering, so concurrent callers overlap. */
  delayMs: number;
  /**
   * How a shortage is answered: `failed-order` = 201 with the FAILED supply order carrying
   * failureCode INSUFFICIENT_STOCK and the per-SKU shortages (what order-service does);
   * `conflict` = 409 INSUFFICIENT_STOCK with the shortages as details (also allowed).
   */
  stockFailureAs: 'failed-order' | 'conflict';
  calls: SupplyOrderCall[];
  supplyOrders: Map<string, FakeSupplyOrder>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export const FAKE_STOCK: Record<string, number> = {
  'WIDGET-1': 1000,
  'GADGET-2': 2,
  'DOOHICKEY-3': 1000,
};

const SECRET = 'dev-only-service-secret-change-me';

export async function startFakeOrderService(): Promise<FakeOrderService> {
  const app = express();
  app.use(express.json());
  const fake: FakeOrderService = {
    url: '',
    mode: 'saga',
    stock: { ...FAKE_STOCK },
    delayMs: 0,
    stockFailureAs: 'failed-order',
    calls: [],
    supplyOrders: new Map(),
    stop: async () => server?.close(),
    restart: async () => {
      server = await listenOn(app, port);
    },
  };
  const inFlight = new Map<string, Promise<{ status: number; body: unknown }>>();

  app.post('/supply-orders', async (req, res) => {
    let caller: string;
    try {
      const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
      caller = (jwt.verify(token, SECRET, { algorithms: ['HS256'] }) as { svc: string }).svc;
    } catch {
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'service token needed' } });
      return;
    }
    const body = req.body as Omit<SupplyOrderCall, 'caller'>;
    fake.calls.push({ ...body, caller });
    if (fake.mode === 'hang') return; // the socket stays open until the caller gives up
    const existing = fake.supplyOrders.get(body.orderId);
    if (existing) {
      res.status(200).json(existing);
      return;
    }
    // A concurrent repeat of an orderId waits for the first and gets its supply order.
    const running = inFlight.get(body.orderId);
    if (running) {
      await running;
      res.status(200).json(fake.supplyOrders.get(body.orderId));
      return;
    }
    const work = (async () => {
      await new Promise((r) => setTimeout(r, fake.delayMs));
      return runSaga(fake, body);
    })();
    inFlight.set(body.orderId, work);
    const answer = await work.finally(() => inFlight.delete(body.orderId));
    res.status(answer.status).json(answer.body);
  });

  let server: RunningServer | undefined = await listen(app);
  const port = server.port;
  fake.url = server.url;
  return fake;
}

function runSaga(
  fake: FakeOrderService,
  body: Omit<SupplyOrderCall, 'caller'>,
): { status: number; body: unknown } {
  const supplyOrder: FakeSupplyOrder = {
    id: randomUUID(),
    orderId: body.orderId,
    status: 'PENDING',
    trackingNumbers: [],
    failureCode: null,
    failureReason: null,
    failureDetails: null,
  };
  fake.supplyOrders.set(body.orderId, supplyOrder);
  if (fake.mode === 'accepted') return { status: 202, body: supplyOrder };
  const short = body.lines.filter((l) => (fake.stock[l.sku] ?? 0) < l.quantity);
  if (short.length > 0) {
    const shortages = short.map((l) => ({
      sku: l.sku,
      requested: l.quantity,
      available: fake.stock[l.sku] ?? 0,
    }));
    const message = `not enough stock for ${short.map((l) => l.sku).join(', ')}`;
    Object.assign(supplyOrder, {
      status: 'FAILED',
      failureCode: 'INSUFFICIENT_STOCK',
      failureReason: `inventory-service: ${message}`,
      failureDetails: shortages,
    });
    if (fake.stockFailureAs === 'failed-order') return { status: 201, body: supplyOrder };
    return {
      status: 409,
      body: { error: { code: 'INSUFFICIENT_STOCK', message, details: shortages } },
    };
  }
  for (const line of body.lines) fake.stock[line.sku]! -= line.quantity;
  supplyOrder.status = 'CONFIRMED';
  supplyOrder.trackingNumbers = [`TRK${body.orderId.slice(0, 8).toUpperCase()}`];
  return { status: 201, body: supplyOrder };
}
