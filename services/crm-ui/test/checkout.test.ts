import { ApiError } from '../web/src/lib/api-error';
import {
  attemptFor,
  automaticRetryDelayMs,
  classifyOrderAnswer,
  fingerprintOf,
  initialCheckout,
  newIdempotencyKey,
  settleCheckout,
  settlePendingOrder,
  startCheckout,
  type CheckoutState,
  type OrderOutcome,
} from '../web/src/lib/checkout';
import type { OrderRequest } from '../web/src/lib/types';
import { errorBody, order } from './fixtures';

const cartA: OrderRequest = {
  lines: [
    { sku: 'GR-1001', quantity: 2 },
    { sku: 'GR-1005', quantity: 1 },
  ],
  serviceLevel: 'standard',
};

function keys() {
  let n = 0;
  const made: string[] = [];
  return {
    made,
    next: () => {
      const key = `key-${++n}`;
      made.push(key);
      return key;
    },
  };
}

/** Presses "Place order" and answers it; returns the key sent and the effects. */
function submit(
  state: CheckoutState,
  request: OrderRequest,
  newKey: () => string,
  outcome: OrderOutcome,
) {
  const started = startCheckout(state, request, newKey);
  if (!started.send) throw new Error('nothing sent');
  return { key: started.send.key, ...settleCheckout(started.state, outcome) };
}

const unavailable = (status: number): OrderOutcome => ({
  kind: 'unavailable',
  error: new ApiError(status, status ? `HTTP_${status}` : 'NETWORK', 'x'),
});

describe('classifyOrderAnswer (crm-api POST /orders)', () => {
  it.each([
    [201, order(), 'confirmed'],
    [201, order({ status: 'FAILED', failureReason: 'no carrier', trackingNumbers: [] }), 'failed'],
    [202, order({ status: 'PENDING', trackingNumbers: [] }), 'pending'],
    [200, order({ status: 'PENDING', trackingNumbers: [] }), 'pending'],
    [200, order(), 'confirmed'],
    [409, errorBody('OUT_OF_STOCK', 'short', { orderId: 'o', skus: ['GR-1012'] }), 'out-of-stock'],
    [400, errorBody('VALIDATION_FAILED'), 'rejected'],
    [400, errorBody('IDEMPOTENCY_KEY_INVALID'), 'rejected'],
    [422, errorBody('UNKNOWN_SKU', 'x', { skus: ['GR-9'] }), 'rejected'],
    [422, errorBody('IDEMPOTENCY_KEY_REUSED'), 'rejected'],
    [422, errorBody('SHIP_TO_REQUIRED'), 'rejected'],
    [403, errorBody('FORBIDDEN'), 'rejected'],
    [401, errorBody('UNAUTHENTICATED'), 'unauthenticated'],
    [429, errorBody('TOO_MANY_REQUESTS'), 'unavailable'],
    [500, errorBody('INTERNAL'), 'unavailable'],
    [502, undefined, 'unavailable'],
    [503, errorBody('UPSTREAM_UNAVAILABLE'), 'unavailable'],
    [504, errorBody('UPSTREAM_TIMEOUT'), 'unavailable'],
    [201, { id: 'not an order' }, 'unavailable'],
  ])('%i %j is %s', (status, body, kind) => {
    expect(classifyOrderAnswer(status, body).kind).toBe(kind);
  });

  it('reads the out-of-stock SKUs and keeps the error for the message', () => {
    const outcome = classifyOrderAnswer(
      409,
      errorBody('OUT_OF_STOCK', 'not enough stock', {
        orderId: 'o-1',
        skus: ['GR-1012', 'GR-1023'],
      }),
    );
    expect(outcome).toMatchObject({
      kind: 'out-of-stock',
      skus: ['GR-1012', 'GR-1023'],
      error: { status: 409, code: 'OUT_OF_STOCK' },
    });
  });
});

describe('the Idempotency-Key of a checkout', () => {
  it('belongs to the cart: the same lines in another order are the same cart', () => {
    const reversed = { ...cartA, lines: [...cartA.lines].reverse() };
    expect(fingerprintOf(reversed)).toBe(fingerprintOf(cartA));
    expect(fingerprintOf({ ...cartA, serviceLevel: 'express' })).not.toBe(fingerprintOf(cartA));
    expect(
      fingerprintOf({ ...cartA, lines: [{ sku: 'GR-1001', quantity: 3 }, cartA.lines[1]!] }),
    ).not.toBe(fingerprintOf(cartA));
    const k = keys();
    const first = attemptFor(null, cartA, k.next);
    expect(attemptFor(first, reversed, k.next)).toBe(first);
    expect(attemptFor(first, { ...cartA, serviceLevel: 'express' }, k.next).key).toBe('key-2');
  });

  it('a double click sends one request: the second press while submitting does nothing', () => {
    const k = keys();
    const first = startCheckout(initialCheckout(), cartA, k.next);
    expect(first.send).toEqual({ key: 'key-1' });
    const second = startCheckout(first.state, cartA, k.next);
    expect(second.send).toBeUndefined();
    expect(second.state).toBe(first.state);
    expect(k.made).toEqual(['key-1']);
  });

  it('every retry of the same cart after no answer, 5xx or 429 reuses the key', () => {
    const k = keys();
    let state = initialCheckout();
    const sent: string[] = [];
    for (const outcome of [
      unavailable(0),
      unavailable(503),
      unavailable(504),
      unavailable(429),
      unavailable(500),
    ]) {
      const r = submit(state, cartA, k.next, outcome);
      sent.push(r.key);
      expect(r).toMatchObject({ clearCart: false, signIn: false, state: { phase: 'needs-retry' } });
      state = r.state;
    }
    const done = submit(state, cartA, k.next, { kind: 'confirmed', order: order() });
    sent.push(done.key);
    expect(new Set(sent)).toEqual(new Set(['key-1']));
    expect(done).toMatchObject({
      clearCart: true,
      goTo: '/orders/a0000000-0000-4000-8000-000000000001',
      refreshProducts: true,
      state: { phase: 'placed', attempt: null },
    });
    // The next checkout is a new one.
    expect(submit(done.state, cartA, k.next, unavailable(0)).key).toBe('key-2');
  });

  it('a changed cart after a failed attempt gets a new key (the old one may have placed the old cart)', () => {
    const k = keys();
    const first = submit(initialCheckout(), cartA, k.next, unavailable(503));
    const changed = { ...cartA, lines: [{ sku: 'GR-1001', quantity: 1 }] };
    expect(submit(first.state, changed, k.next, unavailable(503)).key).toBe('key-2');
  });

  it('a 401 keeps the key and the cart and asks to sign in again; the retry reuses the key', () => {
    const k = keys();
    const r = submit(initialCheckout(), cartA, k.next, {
      kind: 'unauthenticated',
      error: new ApiError(401, 'UNAUTHENTICATED', 'x'),
    });
    expect(r).toMatchObject({ signIn: true, clearCart: false, state: { phase: 'signed-out' } });
    // After signing in again the attempt comes back from sessionStorage.
    const again = submit(initialCheckout(r.state.attempt), cartA, k.next, unavailable(0));
    expect(again.key).toBe('key-1');
  });

  it.each<[string, OrderOutcome]>([
    [
      'out of stock',
      {
        kind: 'out-of-stock',
        skus: ['GR-1012'],
        error: new ApiError(409, 'OUT_OF_STOCK', 'x', { skus: ['GR-1012'] }),
      },
    ],
    [
      'a validation error',
      { kind: 'rejected', error: new ApiError(400, 'VALIDATION_FAILED', 'x') },
    ],
    ['an unknown SKU', { kind: 'rejected', error: new ApiError(422, 'UNKNOWN_SKU', 'x') }],
    ['a reused key', { kind: 'rejected', error: new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'x') }],
    ['a FAILED order', { kind: 'failed', order: order({ status: 'FAILED', trackingNumbers: [] }) }],
  ])('after %s the cart stays and the next press starts a new key', (_name, outcome) => {
    const k = keys();
    const r = submit(initialCheckout(), cartA, k.next, outcome);
    expect(r).toMatchObject({
      clearCart: false,
      signIn: false,
      state: { phase: 'refused', attempt: null },
    });
    expect(r.goTo).toBeUndefined();
    expect(submit(r.state, cartA, k.next, unavailable(0)).key).toBe('key-2');
  });

  it('stock is fetched again after an order or a stock refusal, not after a validation error', () => {
    const k = keys();
    const outOfStock = classifyOrderAnswer(409, errorBody('OUT_OF_STOCK', 'x', { skus: ['GR-1'] }));
    expect(submit(initialCheckout(), cartA, k.next, outOfStock).refreshProducts).toBe(true);
    const invalid = classifyOrderAnswer(400, errorBody('VALIDATION_FAILED'));
    expect(submit(initialCheckout(), cartA, k.next, invalid).refreshProducts).toBe(false);
  });

  it('a 202 PENDING order keeps its key (a replay answers with that order) until it ends', () => {
    const k = keys();
    const pending = order({ status: 'PENDING', trackingNumbers: [] });
    const r = submit(initialCheckout(), cartA, k.next, { kind: 'pending', order: pending });
    expect(r).toMatchObject({
      clearCart: false,
      goTo: `/orders/${pending.id}`,
      state: { phase: 'placed', attempt: { key: 'key-1', orderId: pending.id } },
    });
    // Placing the same cart again while it is pending replays the same key.
    expect(submit(r.state, cartA, k.next, { kind: 'pending', order: pending }).key).toBe('key-1');

    const attempt = r.state.attempt;
    expect(settlePendingOrder(attempt, pending)).toEqual({ attempt, clearCart: false });
    expect(settlePendingOrder(attempt, order({ id: 'someone-else' }))).toEqual({
      attempt,
      clearCart: false,
    });
    expect(settlePendingOrder(attempt, order({ id: pending.id }))).toEqual({
      attempt: null,
      clearCart: true,
    });
    expect(settlePendingOrder(attempt, order({ id: pending.id, status: 'FAILED' }))).toEqual({
      attempt: null,
      clearCart: false,
    });
    expect(settlePendingOrder(null, pending)).toEqual({ attempt: null, clearCart: false });
  });

  it('retries by itself once, shortly, only when no answer or a gateway error came back', () => {
    expect(automaticRetryDelayMs(unavailable(0), 0)).toBe(1500);
    expect(automaticRetryDelayMs(unavailable(502), 0)).toBe(1500);
    expect(automaticRetryDelayMs(unavailable(503), 0)).toBe(1500);
    expect(automaticRetryDelayMs(unavailable(504), 0)).toBe(1500);
    expect(automaticRetryDelayMs(unavailable(503), 1)).toBeNull();
    expect(automaticRetryDelayMs(unavailable(500), 0)).toBeNull();
    expect(automaticRetryDelayMs(unavailable(429), 0)).toBeNull();
    expect(automaticRetryDelayMs({ kind: 'confirmed', order: order() }, 0)).toBeNull();
  });
});

describe('newIdempotencyKey', () => {
  const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is a fresh random UUID that crm-api accepts', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(KEY);
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });

  it('still works where randomUUID is missing (plain http on a LAN address)', () => {
    const keys = new Set(
      Array.from({ length: 50 }, () =>
        newIdempotencyKey({ getRandomValues: (array) => crypto.getRandomValues(array) }),
      ),
    );
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(KEY);
  });
});
