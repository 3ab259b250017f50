import { randomUUID } from 'node:crypto';
import {
  AppError,
  appendToOutbox,
  type Address,
  type Logger,
  type PoolClient,
  type Region,
  unprocessable,
  withTransaction,
} from '@globalretail/service-kit';
import type pg from 'pg';
import type { CatalogueClient } from '../clients/catalogue';
import type { SupplyOrdersClient } from '../clients/supply-orders';
import type { CrmMetrics } from '../metrics';
import { findCustomerById } from '../repositories/customers';
import {
  claimIdempotencyKey,
  findIdempotencyRecord,
  type IdempotencyRecord,
  markAnsweredProvisionally,
  type StoredAnswer,
  storeFinalAnswer,
} from '../repositories/idempotency-keys';
import {
  findOrderById,
  findStalePendingOrderIds,
  insertOrder,
  lockOrder,
  markOrderConfirmed,
  markOrderFailed,
  type NewOrder,
  type Order,
  type OrderLine,
  recordSupplyOrderId,
  type ServiceLevel,
} from '../repositories/orders';
import { canonicalJson, sha256Hex } from './canonical-json';
import { errorAnswer, orderView } from './order-view';
import {
  type FinalOutcome,
  outcomeOfSupplyError,
  outcomeOfSupplyOrder,
  type SupplyOutcome,
} from './supply-outcome';

export const SCHEMA = 'crm';

export interface PlaceOrderRequest {
  lines: { sku: string; quantity: number }[];
  shipTo?: Address;
  serviceLevel: ServiceLevel;
}

export interface CheckoutDeps {
  pool: pg.Pool;
  catalogue: CatalogueClient;
  supplyOrders: SupplyOrdersClient;
  metrics: CrmMetrics;
  logger: Logger;
  replayWaitMs: number;
}

/** Same request, same hash: keys sorted, lines in SKU order (their order means nothing). */
export function requestHashOf(request: PlaceOrderRequest): string {
  const lines = [...request.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return sha256Hex(canonicalJson({ ...request, lines }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Customer checkout: an order is written once per Idempotency-Key, handed to order-service,
 * and finalized from its answer, a later event, or the reconciler, whichever comes first.
 * Every request with the same key gets the answer stored for the first one.
 */
export class Checkout {
  constructor(private readonly deps: CheckoutDeps) {}

  async placeOrder(
    customerId: string,
    idempotencyKey: string,
    request: PlaceOrderRequest,
  ): Promise<StoredAnswer> {
    const { pool } = this.deps;
    const customer = await findCustomerById(pool, customerId);
    if (!customer || customer.role !== 'customer') {
      throw new AppError(403, 'UNKNOWN_CUSTOMER', 'the token names no customer account');
    }
    const requestHash = requestHashOf(request);

    // A retry is answered from what the first request stored, even if the catalogue has
    // changed or inventory-service is down since.
    const earlier = await findIdempotencyRecord(pool, customer.id, idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash);

    const shipTo = request.shipTo ?? customer.shippingAddress;
    if (!shipTo) {
      throw unprocessable(
        'SHIP_TO_REQUIRED',
        'no shipTo given and the customer has no default shipping address',
      );
    }
    const priced = await this.priceLines(request.lines, customer.region);
    const order: NewOrder = {
      id: randomUUID(),
      customerId: customer.id,
      region: customer.region,
      lines: priced.lines,
      totalCents: priced.totalCents,
      currency: priced.currency,
      shipTo,
      serviceLevel: request.serviceLevel,
    };

    const won = await withTransaction(pool, async (tx) => {
      const claimed = await claimIdempotencyKey(tx, {
        customerId: customer.id,
        key: idempotencyKey,
        requestHash,
        orderId: order.id,
      });
      if (!claimed) return false;
      const { createdAt } = await insertOrder(tx, order);
      await appendToOutbox(tx, SCHEMA, {
        aggregateType: 'order',
        aggregateId: order.id,
        type: 'order.placed',
        payload: {
          orderId: order.id,
          customerId: order.customerId,
          region: order.region,
          lines: order.lines,
          totalCents: order.totalCents,
          currency: order.currency,
          serviceLevel: order.serviceLevel,
          placedAt: createdAt.toISOString(),
        },
      });
      return true;
    });
    if (!won) {
      // Another request with this key committed first: answer as its replay.
      const winner = await findIdempotencyRecord(pool, customer.id, idempotencyKey);
      if (!winner) throw new Error('idempotency key claimed by a transaction that vanished');
      return this.replay(winner, requestHash);
    }
    this.deps.metrics.ordersPlaced.inc();

    const placed = await findOrderById(pool, order.id);
    if (!placed) throw new Error(`order ${order.id} vanished after commit`);
    return (await this.submitToSupply(placed, { answeringRequest: true })).answer;
  }

  /** Checks every SKU against the catalogue and takes its current name and price. */
  private async priceLines(
    lines: PlaceOrderRequest['lines'],
    region: Region,
  ): Promise<{ lines: OrderLine[]; totalCents: number; currency: string }> {
    const catalogue = await this.deps.catalogue.products(region);
    const unknown = lines.filter((l) => !catalogue.get(l.sku)?.active).map((l) => l.sku);
    if (unknown.length > 0) {
      throw unprocessable('UNKNOWN_SKU', `unknown or unavailable SKU: ${unknown.join(', ')}`, {
        skus: unknown,
      });
    }
    const priced = lines.map((l) => {
      const product = catalogue.get(l.sku)!;
      return {
        line: {
          sku: l.sku,
          productName: product.name,
          quantity: l.quantity,
          unitPriceCents: product.unitPriceCents,
        },
        currency: product.currency,
      };
    });
    const currencies = [...new Set(priced.map((p) => p.currency))];
    if (currencies.length !== 1) {
      throw unprocessable('MIXED_CURRENCY', 'these products are priced in different currencies', {
        currencies,
      });
    }
    return {
      lines: priced.map((p) => p.line),
      totalCents: priced.reduce((sum, p) => sum + p.line.quantity * p.line.unitPriceCents, 0),
      currency: currencies[0]!,
    };
  }

  /**
   * A request whose key is known: a different body is refused; the same body gets the stored
   * answer, waiting (with backoff) while the first request is still working on it.
   */
  private async replay(record: IdempotencyRecord, requestHash: string): Promise<StoredAnswer> {
    const { metrics, pool, replayWaitMs } = this.deps;
    if (record.requestHash !== requestHash) {
      metrics.idempotentReplays.inc({ outcome: 'key-reused' });
      throw unprocessable(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was already used for a different request; use a new key',
      );
    }
    const deadline = Date.now() + replayWaitMs;
    let delay = 10;
    let current = record;
    for (;;) {
      if (current.answer) {
        metrics.idempotentReplays.inc({ outcome: 'stored' });
        return current.answer;
      }
      const timedOut = Date.now() >= deadline;
      if (current.answeredProvisionally || timedOut) {
        const order = await findOrderById(pool, current.orderId);
        if (!order) throw new Error(`order ${current.orderId} of an idempotency key is missing`);
        // An order that has ended has its answer stored (same transaction): reread it below.
        if (order.status === 'PENDING' || timedOut) {
          const provisional = current.answeredProvisionally && order.status === 'PENDING';
          metrics.idempotentReplays.inc({ outcome: provisional ? 'pending' : 'gave-up-waiting' });
          return { status: provisional ? 202 : 200, body: orderView(order) };
        }
      }
      await sleep(Math.max(1, Math.min(delay, deadline - Date.now())));
      delay = Math.min(delay * 2, 250);
      current = (await findIdempotencyRecord(pool, current.customerId, current.key)) ?? current;
    }
  }

  /**
   * Hands the order to order-service and finalizes it from the answer. When order-service
   * cannot be reached the order stays PENDING (202) for the reconciler or a later event.
   */
  async submitToSupply(
    order: Order,
    options: { answeringRequest: boolean },
  ): Promise<{ answer: StoredAnswer; outcome: SupplyOutcome }> {
    const skus = order.lines.map((l) => l.sku);
    let outcome: SupplyOutcome;
    try {
      const supplyOrder = await this.deps.supplyOrders.submit({
        orderId: order.id,
        customerId: order.customerId,
        region: order.region,
        lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        shipTo: order.shipTo,
        serviceLevel: order.serviceLevel,
      });
      outcome = outcomeOfSupplyOrder(supplyOrder, skus);
    } catch (err) {
      outcome = outcomeOfSupplyError(err, skus);
    }

    if (outcome.kind === 'pending') {
      this.deps.metrics.ordersPending.inc();
      this.deps.logger.warn(
        { orderId: order.id, reason: outcome.reason },
        'order left PENDING: order-service gave no final answer',
      );
      if (outcome.supplyOrderId)
        await recordSupplyOrderId(this.deps.pool, order.id, outcome.supplyOrderId);
      // Retries of the placing request get this 202 too instead of waiting for more.
      if (options.answeringRequest) await markAnsweredProvisionally(this.deps.pool, order.id);
      const current = (await findOrderById(this.deps.pool, order.id)) ?? order;
      if (current.status === 'PENDING') {
        return { answer: { status: 202, body: orderView(current) }, outcome };
      }
      // It ended meanwhile (an event, the reconciler): answer what was stored when it did.
      const stored = await this.finalizeNow(order.id, undefined);
      return { answer: stored ?? { status: 200, body: orderView(current) }, outcome };
    }
    const answer = await this.finalizeNow(order.id, outcome);
    return { answer: answer ?? { status: 200, body: orderView(order) }, outcome };
  }

  private async finalizeNow(
    orderId: string,
    outcome: FinalOutcome | undefined,
  ): Promise<StoredAnswer | undefined> {
    const result = await withTransaction(this.deps.pool, (tx) =>
      this.finalize(tx, orderId, outcome),
    );
    if (result.ended) this.countEnded(result.ended);
    return result.answer;
  }

  /**
   * Ends a PENDING order as the outcome says and stores the answer replays will get, in the
   * caller's transaction. An order that already ended is left as it is (a late or repeated
   * report never moves CONFIRMED back); the answer stored when it ended is returned.
   * `ended` is set when this call ended the order; count it once the transaction commits.
   */
  async finalize(
    tx: PoolClient,
    orderId: string,
    outcome: FinalOutcome | undefined,
  ): Promise<{ answer: StoredAnswer | undefined; ended: FinalOutcome | null }> {
    const order = await lockOrder(tx, orderId);
    if (!order) return { answer: undefined, ended: null };
    if (order.status === 'PENDING' && !outcome) return { answer: undefined, ended: null };
    if (order.status !== 'PENDING' || !outcome) {
      // Normally the answer was stored when the order ended; this only fills a gap.
      const answer = await storeFinalAnswer(tx, orderId, answerForEnded(order, undefined));
      return { answer, ended: null };
    }
    if (outcome.kind === 'confirmed') {
      await markOrderConfirmed(tx, orderId, outcome.supplyOrderId, outcome.trackingNumbers);
    } else {
      await markOrderFailed(tx, orderId, outcome.supplyOrderId, outcome.reason);
    }
    const ended = (await findOrderById(tx, orderId))!;
    await appendToOutbox(tx, SCHEMA, {
      aggregateType: 'order',
      aggregateId: orderId,
      type: outcome.kind === 'confirmed' ? 'order.confirmed' : 'order.failed',
      payload: {
        orderId,
        customerId: ended.customerId,
        region: ended.region,
        status: ended.status,
        supplyOrderId: ended.supplyOrderId,
        trackingNumbers: ended.trackingNumbers,
        failureReason: ended.failureReason,
        totalCents: ended.totalCents,
        currency: ended.currency,
        // Self-contained for consumers (sales insight): what was sold, when placed and ended.
        lines: ended.lines,
        placedAt: ended.createdAt.toISOString(),
        [outcome.kind === 'confirmed' ? 'confirmedAt' : 'failedAt']: ended.updatedAt.toISOString(),
      },
    });
    const answer = await storeFinalAnswer(tx, orderId, answerForEnded(ended, outcome));
    return { answer, ended: outcome };
  }

  countEnded(outcome: FinalOutcome): void {
    if (outcome.kind === 'confirmed') this.deps.metrics.ordersConfirmed.inc();
    else this.deps.metrics.ordersFailed.inc({ reason: outcome.cause });
  }

  /** One pass of the reconciler: re-submits orders left PENDING. */
  async reconcilePending(options: { minAgeMs: number; limit: number }): Promise<number> {
    const ids = await findStalePendingOrderIds(this.deps.pool, options.minAgeMs, options.limit);
    let ended = 0;
    for (const id of ids) {
      const order = await findOrderById(this.deps.pool, id);
      if (!order || order.status !== 'PENDING') continue;
      const { outcome } = await this.submitToSupply(order, { answeringRequest: false });
      if (outcome.kind !== 'pending') ended++;
      // order-service is still away: the next tick tries again rather than hammering it now.
      else if (!outcome.supplyOrderId) break;
    }
    return ended;
  }
}

/** The answer stored for the request that placed an order that has now ended. */
function answerForEnded(order: Order, outcome: FinalOutcome | undefined): StoredAnswer {
  if (outcome?.kind === 'failed' && outcome.cause === 'out-of-stock') {
    return errorAnswer(
      new AppError(
        409,
        'OUT_OF_STOCK',
        `not enough stock for ${outcome.skus.join(', ')}: the order failed and no stock was taken`,
        { orderId: order.id, skus: outcome.skus },
      ),
    );
  }
  if (outcome?.kind === 'failed' && outcome.cause === 'unknown-sku') {
    return errorAnswer(
      unprocessable('UNKNOWN_SKU', `unknown or unavailable SKU: ${outcome.skus.join(', ')}`, {
        orderId: order.id,
        skus: outcome.skus,
      }),
    );
  }
  return { status: 201, body: orderView(order) };
}
