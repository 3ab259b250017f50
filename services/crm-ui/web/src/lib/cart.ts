/** Cart maths: pure functions over an immutable list of lines (persisted in sessionStorage). */
import type { OrderRequest, Product, ServiceLevel } from './types';

export interface CartLine {
  sku: string;
  /** Name, price and currency as last seen in the catalogue (refreshed by syncWithCatalogue). */
  name: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
}
export type Cart = readonly CartLine[];

/** crm-api's limits (the kit's orderLinesSchema): 1-50 lines, whole quantities 1-1000. */
export const MAX_LINES = 50;
export const MAX_QUANTITY = 1000;

export type CartProblem = 'too-many-lines' | 'max-quantity';

export function addToCart(
  cart: Cart,
  product: Pick<Product, 'sku' | 'name' | 'priceCents' | 'currency'>,
  quantity = 1,
): { cart: Cart; problem?: CartProblem } {
  const existing = cart.find((l) => l.sku === product.sku);
  if (!existing) {
    if (cart.length >= MAX_LINES) return { cart, problem: 'too-many-lines' };
    const line: CartLine = {
      sku: product.sku,
      name: product.name,
      unitPriceCents: product.priceCents,
      currency: product.currency,
      quantity: Math.min(quantity, MAX_QUANTITY),
    };
    return { cart: [...cart, line] };
  }
  if (existing.quantity >= MAX_QUANTITY) return { cart, problem: 'max-quantity' };
  return {
    cart: setQuantity(cart, product.sku, Math.min(existing.quantity + quantity, MAX_QUANTITY)),
  };
}

/** Sets a line's quantity (callers validate with parseQuantity first). */
export function setQuantity(cart: Cart, sku: string, quantity: number): Cart {
  return cart.map((l) => (l.sku === sku ? { ...l, quantity } : l));
}

export function removeFromCart(cart: Cart, sku: string): Cart {
  return cart.filter((l) => l.sku !== sku);
}

/** What a quantity box holds, as a valid quantity or null ("2.5", "0", "", "abc" are not). */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= MAX_QUANTITY ? n : null;
}

export const lineTotalCents = (line: CartLine) => line.unitPriceCents * line.quantity;

export const itemCount = (cart: Cart) => cart.reduce((n, l) => n + l.quantity, 0);

/** Totals per currency (the catalogue has one today; a mixed cart is never summed across). */
export function cartTotals(cart: Cart): { currency: string; cents: number }[] {
  const totals = new Map<string, number>();
  for (const line of cart) {
    totals.set(line.currency, (totals.get(line.currency) ?? 0) + lineTotalCents(line));
  }
  return [...totals].map(([currency, cents]) => ({ currency, cents }));
}

/**
 * Takes the catalogue's current name, price and currency into the cart. Returns the same
 * array when nothing changed, so React does not re-render for a no-op refresh.
 */
export function syncWithCatalogue(cart: Cart, products: readonly Product[]): Cart {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  let changed = false;
  const next = cart.map((line) => {
    const p = bySku.get(line.sku);
    if (
      !p ||
      (p.name === line.name && p.priceCents === line.unitPriceCents && p.currency === line.currency)
    ) {
      return line;
    }
    changed = true;
    return { ...line, name: p.name, unitPriceCents: p.priceCents, currency: p.currency };
  });
  return changed ? next : cart;
}

/** The body of `POST /api/orders` for this cart. */
export function orderRequestOf(cart: Cart, serviceLevel: ServiceLevel): OrderRequest {
  return { lines: cart.map((l) => ({ sku: l.sku, quantity: l.quantity })), serviceLevel };
}

/** Reads a stored cart, dropping anything that is not a valid line (storage is user-editable). */
export function parseStoredCart(value: unknown): Cart {
  if (!Array.isArray(value)) return [];
  const lines: CartLine[] = [];
  for (const v of value) {
    const l = v as Partial<CartLine> | null;
    if (
      l &&
      typeof l.sku === 'string' &&
      typeof l.name === 'string' &&
      typeof l.currency === 'string' &&
      Number.isInteger(l.unitPriceCents) &&
      Number.isInteger(l.quantity) &&
      l.quantity! >= 1 &&
      l.quantity! <= MAX_QUANTITY &&
      !lines.some((x) => x.sku === l.sku)
    ) {
      lines.push({
        sku: l.sku,
        name: l.name,
        unitPriceCents: l.unitPriceCents!,
        currency: l.currency,
        quantity: l.quantity!,
      });
    }
  }
  return lines.slice(0, MAX_LINES);
}
