import type { Queryable, Region } from '@globalretail/service-kit';
import type { Product } from '../domain/types';

interface ProductRow {
  sku: string;
  name: string;
  description: string;
  category: string;
  price_cents: number;
  currency: 'USD';
  active: boolean;
}

const toProduct = (r: ProductRow): Product => ({
  sku: r.sku,
  name: r.name,
  description: r.description,
  category: r.category,
  priceCents: r.price_cents,
  currency: r.currency,
  active: r.active,
});

const COLUMNS = 'sku, name, description, category, price_cents, currency, active';

export async function listProducts(
  db: Queryable,
  filter: { category?: string; includeInactive: boolean },
): Promise<Product[]> {
  const { rows } = await db.query<ProductRow>(
    `SELECT ${COLUMNS} FROM inventory.products
      WHERE ($1::text IS NULL OR category = $1) AND (active OR $2)
      ORDER BY sku`,
    [filter.category ?? null, filter.includeInactive],
  );
  return rows.map(toProduct);
}

export async function findProduct(db: Queryable, sku: string): Promise<Product | undefined> {
  const { rows } = await db.query<ProductRow>(
    `SELECT ${COLUMNS} FROM inventory.products WHERE sku = $1`,
    [sku],
  );
  return rows[0] && toProduct(rows[0]);
}

/** Units that can still be reserved, per SKU and region (regions without stock are absent). */
export async function availabilityByRegion(
  db: Queryable,
  skus: readonly string[],
): Promise<Map<string, Partial<Record<Region, number>>>> {
  const { rows } = await db.query<{ sku: string; region: Region; available: number }>(
    `SELECT s.sku, w.region, sum(s.on_hand - s.reserved)::int AS available
       FROM inventory.stock s JOIN inventory.warehouses w ON w.id = s.warehouse_id
      WHERE s.sku = ANY($1::text[])
      GROUP BY s.sku, w.region`,
    [skus],
  );
  const result = new Map<string, Partial<Record<Region, number>>>();
  for (const r of rows) {
    const entry = result.get(r.sku) ?? {};
    entry[r.region] = r.available;
    result.set(r.sku, entry);
  }
  return result;
}
