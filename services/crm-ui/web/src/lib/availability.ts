/** What a product's availability means to a customer in their region. */
import type { Product, Region } from './types';

/** At or below this many units in the customer's region we say "only N left". */
export const LOW_STOCK = 10;

export type StockState = 'in-stock' | 'low' | 'other-region' | 'out-of-stock';

export interface StockInfo {
  state: StockState;
  /** Units in the customer's region. */
  inRegion: number;
  /** Units that can be ordered at all (inventory-service may ship from another region). */
  orderable: number;
  label: string;
}

export function stockOf(product: Product, region: Region): StockInfo {
  const inRegion = Math.max(0, product.availability[region] ?? 0);
  const orderable = product.active ? Math.max(0, product.totalAvailable) : 0;
  if (orderable === 0) return { state: 'out-of-stock', inRegion, orderable, label: 'Out of stock' };
  if (inRegion === 0) {
    return {
      state: 'other-region',
      inRegion,
      orderable,
      label: `Ships from another region (${orderable} available)`,
    };
  }
  if (inRegion <= LOW_STOCK) {
    return { state: 'low', inRegion, orderable, label: `Only ${inRegion} left` };
  }
  return { state: 'in-stock', inRegion, orderable, label: `In stock (${inRegion} available)` };
}

/** Cart lines asking for more than can be ordered right now (a warning; crm-api decides). */
export function shortages(
  lines: readonly { sku: string; quantity: number }[],
  products: readonly Product[],
): { sku: string; requested: number; available: number }[] {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  return lines.flatMap((l) => {
    const p = bySku.get(l.sku);
    if (!p) return [];
    const available = p.active ? Math.max(0, p.totalAvailable) : 0;
    return l.quantity > available ? [{ sku: l.sku, requested: l.quantity, available }] : [];
  });
}
