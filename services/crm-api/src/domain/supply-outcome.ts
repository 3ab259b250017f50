import { AppError } from '@globalretail/service-kit';
import type { SupplyOrder } from '../clients/supply-orders';

export type FailureCause = 'out-of-stock' | 'unknown-sku' | 'rejected';

/** What order-service's answer (or silence) means for a crm order. */
export type SupplyOutcome =
  | { kind: 'confirmed'; supplyOrderId: string | null; trackingNumbers: string[] }
  | {
      kind: 'failed';
      supplyOrderId: string | null;
      cause: FailureCause;
      reason: string;
      /** The SKUs the failure is about (out of stock / unknown). */
      skus: string[];
    }
  | { kind: 'pending'; supplyOrderId: string | null; reason: string };

export type FinalOutcome = Exclude<SupplyOutcome, { kind: 'pending' }>;

const STOCK_WORDS = /insufficient[ _-]?stock|out[ _-]of[ _-]stock|not enough stock/i;
const UNKNOWN_SKU_WORDS = /unknown[ _-]sku/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The order's SKUs that a failure names: entries `{sku, ...}` of the details (skipping those
 * whose `available` covers the `requested` amount), SKUs mentioned in texts or used as keys.
 * Falls back to every SKU of the order when the failure names none.
 */
export function skusNamedIn(evidence: unknown[], orderSkus: string[]): string[] {
  const found = new Set<string>();
  const mentions = orderSkus.map(
    (sku) => [sku, new RegExp(`(^|[^A-Za-z0-9-])${escapeRegExp(sku)}($|[^A-Za-z0-9-])`)] as const,
  );
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      for (const [sku, pattern] of mentions) if (pattern.test(value)) found.add(sku);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (typeof value !== 'object') return;
    const entry = value as Record<string, unknown>;
    if (typeof entry.sku === 'string') {
      const requested = entry.requested ?? entry.quantity;
      const covered =
        typeof entry.available === 'number' &&
        typeof requested === 'number' &&
        entry.available >= requested;
      if (!covered && orderSkus.includes(entry.sku)) found.add(entry.sku);
      return;
    }
    for (const [key, inner] of Object.entries(entry)) {
      if (orderSkus.includes(key)) found.add(key);
      else visit(inner, depth + 1);
    }
  };
  for (const item of evidence) visit(item, 0);
  const named = orderSkus.filter((sku) => found.has(sku));
  return named.length > 0 ? named : [...orderSkus];
}

function failure(
  cause: FailureCause,
  orderSkus: string[],
  evidence: unknown[],
  supplyOrderId: string | null,
  upstreamReason: string,
): FinalOutcome {
  if (cause === 'rejected') {
    return { kind: 'failed', cause, supplyOrderId, skus: [], reason: upstreamReason };
  }
  const skus = skusNamedIn(evidence, orderSkus);
  const reason =
    cause === 'out-of-stock'
      ? `Not enough stock for ${skus.join(', ')}`
      : `Unknown or discontinued SKU ${skus.join(', ')}`;
  return { kind: 'failed', cause, supplyOrderId, skus, reason };
}

const causeOf = (text: string): FailureCause =>
  STOCK_WORDS.test(text)
    ? 'out-of-stock'
    : UNKNOWN_SKU_WORDS.test(text)
      ? 'unknown-sku'
      : 'rejected';

function trackingNumbersOf(order: { trackingNumbers?: unknown; shipments?: unknown }): string[] {
  if (Array.isArray(order.trackingNumbers)) {
    return order.trackingNumbers.filter((t): t is string => typeof t === 'string');
  }
  if (Array.isArray(order.shipments)) {
    return order.shipments
      .map((s) => (s as { trackingNumber?: unknown })?.trackingNumber)
      .filter((t): t is string => typeof t === 'string');
  }
  return [];
}

/** A supply order that ended FAILED: its code says why, else the words of its reason. */
function failedSupplyOrder(
  order: { failureCode?: string | null; failureReason?: string | null; failureDetails?: unknown },
  orderSkus: string[],
  supplyOrderId: string | null,
): FinalOutcome {
  const reason = order.failureReason || order.failureCode || 'the supply order failed';
  const cause = causeOf(`${order.failureCode ?? ''} ${reason}`);
  return failure(cause, orderSkus, [order.failureDetails, reason], supplyOrderId, reason);
}

/** A 2xx answer of POST /supply-orders. */
export function outcomeOfSupplyOrder(order: SupplyOrder, orderSkus: string[]): SupplyOutcome {
  const supplyOrderId = typeof order.id === 'string' ? order.id : null;
  if (order.status === 'CONFIRMED') {
    return { kind: 'confirmed', supplyOrderId, trackingNumbers: trackingNumbersOf(order) };
  }
  if (order.status === 'FAILED') return failedSupplyOrder(order, orderSkus, supplyOrderId);
  return { kind: 'pending', supplyOrderId, reason: `supply order is ${order.status ?? 'unknown'}` };
}

// Refusals that may pass (credentials being rotated, throttling): try again later.
const TRANSIENT_4XX = new Set([401, 403, 408, 425, 429]);

/** A failed call of POST /supply-orders. */
export function outcomeOfSupplyError(err: unknown, orderSkus: string[]): SupplyOutcome {
  if (!(err instanceof AppError) || err.status >= 500 || TRANSIENT_4XX.has(err.status)) {
    return {
      kind: 'pending',
      supplyOrderId: null,
      reason: err instanceof Error ? err.message : String(err),
    };
  }
  const cause = causeOf(`${err.code} ${err.message}`);
  return failure(
    cause,
    orderSkus,
    [err.details, err.message],
    null,
    `order-service refused the order: ${err.code}: ${err.message}`,
  );
}

/** An event of order-service's outbox about a supply order that finished. */
export function outcomeOfSupplyEvent(
  type: 'supply-order.confirmed' | 'supply-order.failed',
  payload: {
    supplyOrderId?: string | null;
    trackingNumbers?: string[];
    failureCode?: string | null;
    failureReason?: string | null;
    failureDetails?: unknown;
  },
  orderSkus: string[],
): FinalOutcome {
  const supplyOrderId = payload.supplyOrderId ?? null;
  if (type === 'supply-order.confirmed') {
    return { kind: 'confirmed', supplyOrderId, trackingNumbers: payload.trackingNumbers ?? [] };
  }
  return failedSupplyOrder(payload, orderSkus, supplyOrderId);
}
