/**
 * The checkout state machine. Its one job beyond the UI phases: decide when a submit reuses
 * the current Idempotency-Key and when it needs a new one.
 *
 * - A key belongs to one cart (its fingerprint: lines and delivery option). Any retry of that
 *   same cart (double click, automatic retry, "Try again" after a 503, a reload, signing in
 *   again after a 401) sends the same key, so crm-api answers it as a replay and never
 *   places a second order.
 * - The key is dropped once crm-api has given a final answer under it (confirmed, failed,
 *   out of stock, rejected): replaying it would only repeat that answer, and a changed cart
 *   under the old key would be 422 IDEMPOTENCY_KEY_REUSED. A changed cart gets a new key.
 * - A 202 PENDING order keeps its key (a replay answers with the same order) until the order
 *   is seen CONFIRMED or FAILED.
 */
import { apiErrorFrom, type ApiError } from './api-error';
import { parseOrder, ShapeError } from './parse';
import type { Order, OrderRequest } from './types';

export type OrderOutcome =
  | { kind: 'confirmed'; order: Order }
  | { kind: 'pending'; order: Order }
  /** The order was placed and ended FAILED for a reason other than stock (e.g. no carrier). */
  | { kind: 'failed'; order: Order }
  | { kind: 'out-of-stock'; error: ApiError; skus: string[] }
  /** Refused as asked (400, 403, 404, 422...): asking again the same way would not help. */
  | { kind: 'rejected'; error: ApiError }
  | { kind: 'unauthenticated'; error: ApiError }
  /** No answer, 5xx, 408 or 429: the outcome is unknown or the service is away; retry the same key. */
  | { kind: 'unavailable'; error: ApiError };

/** Reads crm-api's answer to `POST /orders` (see its README, "Checkout"). */
export function classifyOrderAnswer(
  status: number,
  body: unknown,
  retryAfterSeconds?: number,
): OrderOutcome {
  if (status >= 200 && status < 300) {
    let order: Order;
    try {
      order = parseOrder(body);
    } catch (err) {
      if (!(err instanceof ShapeError)) throw err;
      // Accepted but unreadable: the order may exist, so only a replay of the same key is safe.
      return {
        kind: 'unavailable',
        error: apiErrorFrom(status, { error: { code: 'BAD_RESPONSE', message: err.message } }),
      };
    }
    // 200 is a replay whose first request never stored an answer: the order as it is now.
    if (status === 202 || order.status === 'PENDING') return { kind: 'pending', order };
    return order.status === 'CONFIRMED' ? { kind: 'confirmed', order } : { kind: 'failed', order };
  }
  const error = apiErrorFrom(status, body, retryAfterSeconds);
  if (status === 401) return { kind: 'unauthenticated', error };
  if (status === 409 && error.code === 'OUT_OF_STOCK') {
    return { kind: 'out-of-stock', error, skus: skusOf(error.details) };
  }
  if (status === 408 || status === 429 || status >= 500) return { kind: 'unavailable', error };
  return { kind: 'rejected', error };
}

/** `details.skus` of OUT_OF_STOCK / UNKNOWN_SKU, or the `sku` of each entry of a details list. */
export function skusOf(details: unknown): string[] {
  if (Array.isArray(details)) {
    return details
      .map((d) => (d as { sku?: unknown })?.sku)
      .filter((s): s is string => typeof s === 'string');
  }
  const skus = (details as { skus?: unknown } | undefined)?.skus;
  return Array.isArray(skus) ? skus.filter((s): s is string => typeof s === 'string') : [];
}

/** The Idempotency-Key of one checkout and the cart it was made for. Kept in sessionStorage. */
export interface CheckoutAttempt {
  key: string;
  fingerprint: string;
  /** Set when crm-api answered 202: the order that key placed, still PENDING. */
  orderId?: string;
}

type RandomSource = {
  randomUUID?: () => string;
  getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array;
};

/**
 * A new Idempotency-Key: a random (v4) UUID, which fits crm-api's `[A-Za-z0-9_-]{1,100}`.
 * `crypto.randomUUID` exists only in secure contexts (https, localhost); a page opened over
 * plain http on a LAN address still has `getRandomValues`.
 */
export function newIdempotencyKey(source: RandomSource = globalThis.crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const b = source.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The same order request written differently (line order) has the same fingerprint. */
export function fingerprintOf(request: OrderRequest): string {
  const lines = [...request.lines]
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .map((l) => [l.sku, l.quantity]);
  return JSON.stringify({ lines, serviceLevel: request.serviceLevel });
}

/** Reuses the current attempt for the same cart; otherwise starts a new one with a new key. */
export function attemptFor(
  current: CheckoutAttempt | null,
  request: OrderRequest,
  newKey: () => string,
): CheckoutAttempt {
  const fingerprint = fingerprintOf(request);
  if (current && current.fingerprint === fingerprint) return current;
  return { key: newKey(), fingerprint };
}

export type CheckoutPhase =
  | 'ready'
  | 'submitting'
  /** The service was unavailable or gave no answer: "Place order" retries with the same key. */
  | 'needs-retry'
  /** A final refusal (out of stock, validation, failed order): a new submit gets a new key. */
  | 'refused'
  | 'signed-out'
  | 'placed';

export interface CheckoutState {
  phase: CheckoutPhase;
  attempt: CheckoutAttempt | null;
  outcome?: OrderOutcome;
}

export const initialCheckout = (attempt: CheckoutAttempt | null = null): CheckoutState => ({
  phase: 'ready',
  attempt,
});

/**
 * A press of "Place order". While a request is in flight it does nothing (a double click
 * sends one request); otherwise it says which key to send.
 */
export function startCheckout(
  state: CheckoutState,
  request: OrderRequest,
  newKey: () => string,
): { state: CheckoutState; send?: { key: string } } {
  if (state.phase === 'submitting') return { state };
  const attempt = attemptFor(state.attempt, request, newKey);
  return { state: { phase: 'submitting', attempt }, send: { key: attempt.key } };
}

export interface CheckoutEffects {
  state: CheckoutState;
  clearCart: boolean;
  /** Where to go next (the order page), if anywhere. */
  goTo?: string;
  signIn: boolean;
  /** Stock has moved (an order took it, or we learnt it is short): fetch availability again. */
  refreshProducts: boolean;
}

/** What an answer to `POST /orders` does to the checkout, the cart and the page. */
export function settleCheckout(state: CheckoutState, outcome: OrderOutcome): CheckoutEffects {
  const none = { clearCart: false, signIn: false, refreshProducts: false };
  switch (outcome.kind) {
    case 'confirmed':
      return {
        ...none,
        state: { phase: 'placed', attempt: null, outcome },
        clearCart: true,
        goTo: `/orders/${outcome.order.id}`,
        refreshProducts: true,
      };
    case 'pending':
      return {
        ...none,
        state: {
          phase: 'placed',
          attempt: state.attempt && { ...state.attempt, orderId: outcome.order.id },
          outcome,
        },
        goTo: `/orders/${outcome.order.id}`,
        refreshProducts: true,
      };
    case 'failed':
    case 'out-of-stock':
      return {
        ...none,
        state: { phase: 'refused', attempt: null, outcome },
        refreshProducts: true,
      };
    case 'rejected':
      return { ...none, state: { phase: 'refused', attempt: null, outcome } };
    case 'unauthenticated':
      return {
        ...none,
        state: { phase: 'signed-out', attempt: state.attempt, outcome },
        signIn: true,
      };
    case 'unavailable':
      return { ...none, state: { phase: 'needs-retry', attempt: state.attempt, outcome } };
  }
}

/**
 * Whether to resend the same request by itself before telling the customer: once, shortly,
 * when there was no answer or a gateway/availability error (never for 500, whose cause is
 * not passing, nor 429, which asks us to slow down).
 */
export function automaticRetryDelayMs(outcome: OrderOutcome, retriesSoFar: number): number | null {
  if (outcome.kind !== 'unavailable' || retriesSoFar >= 1) return null;
  return [0, 502, 503, 504].includes(outcome.error.status) ? 1500 : null;
}

/**
 * A PENDING order placed by this checkout has ended: CONFIRMED empties the cart, FAILED
 * keeps it; either way the key is spent.
 */
export function settlePendingOrder(
  attempt: CheckoutAttempt | null,
  order: Order,
): { attempt: CheckoutAttempt | null; clearCart: boolean } {
  if (!attempt || attempt.orderId !== order.id || order.status === 'PENDING') {
    return { attempt, clearCart: false };
  }
  return { attempt: null, clearCart: order.status === 'CONFIRMED' };
}
