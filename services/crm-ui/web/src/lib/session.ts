/**
 * What survives a reload in this tab (sessionStorage): the sign-in, the cart and the current
 * checkout's Idempotency-Key. The store is passed in so this runs in Node tests.
 */
import { parseStoredCart, type Cart } from './cart';
import type { CheckoutAttempt } from './checkout';
import { parseUser } from './parse';
import type { ServiceLevel, User } from './types';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const STORAGE_KEYS = {
  session: 'crm-ui.session',
  cart: 'crm-ui.cart',
  checkout: 'crm-ui.checkout',
} as const;

export interface Session {
  token: string;
  /** Epoch ms after which the token is no longer accepted. */
  expiresAt: number;
  user: User;
}

function read(store: KeyValueStore, key: string): unknown {
  try {
    const raw = store.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

function write(store: KeyValueStore, key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the app still works for this page view.
  }
}

/** A session from a login answer; the token counts as expired a little early. */
export function sessionFrom(
  login: { token: string; expiresIn: number; user: User },
  now: number,
): Session {
  return {
    token: login.token,
    expiresAt: now + Math.max(0, login.expiresIn - 30) * 1000,
    user: login.user,
  };
}

export function loadSession(store: KeyValueStore, now: number): Session | null {
  const v = read(store, STORAGE_KEYS.session) as Partial<Session> | undefined;
  try {
    if (!v || typeof v.token !== 'string' || typeof v.expiresAt !== 'number') return null;
    if (v.expiresAt <= now) return null;
    return { token: v.token, expiresAt: v.expiresAt, user: parseUser(v.user) };
  } catch {
    return null;
  }
}

export const saveSession = (store: KeyValueStore, session: Session | null) =>
  write(store, STORAGE_KEYS.session, session);

/** The cart and whose it is: a different customer signing in on this tab starts empty. */
export function loadCart(
  store: KeyValueStore,
  customerId: string,
): { cart: Cart; serviceLevel: ServiceLevel } {
  const v = read(store, STORAGE_KEYS.cart) as
    { owner?: unknown; lines?: unknown; serviceLevel?: unknown } | undefined;
  if (!v || v.owner !== customerId) return { cart: [], serviceLevel: 'standard' };
  return {
    cart: parseStoredCart(v.lines),
    serviceLevel: v.serviceLevel === 'express' ? 'express' : 'standard',
  };
}

/** The delivery option is part of the order request, so it is kept with the cart. */
export const saveCart = (
  store: KeyValueStore,
  customerId: string,
  cart: Cart,
  serviceLevel: ServiceLevel,
) => write(store, STORAGE_KEYS.cart, { owner: customerId, lines: cart, serviceLevel });

export function loadCheckout(store: KeyValueStore, customerId: string): CheckoutAttempt | null {
  const v = read(store, STORAGE_KEYS.checkout) as
    { owner?: unknown; attempt?: Partial<CheckoutAttempt> } | undefined;
  const a = v?.attempt;
  if (!v || v.owner !== customerId || !a) return null;
  if (typeof a.key !== 'string' || typeof a.fingerprint !== 'string') return null;
  return {
    key: a.key,
    fingerprint: a.fingerprint,
    ...(typeof a.orderId === 'string' ? { orderId: a.orderId } : {}),
  };
}

export const saveCheckout = (
  store: KeyValueStore,
  customerId: string,
  attempt: CheckoutAttempt | null,
) => write(store, STORAGE_KEYS.checkout, attempt && { owner: customerId, attempt });

/** Signing out forgets everything this tab knew about the customer. */
export function clearAll(store: KeyValueStore): void {
  for (const key of Object.values(STORAGE_KEYS)) write(store, key, null);
}
