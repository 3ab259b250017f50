import type { Queryable, Region } from '@globalretail/service-kit';
import type { SalesFilters } from '../domain/sales-filters';

/**
 * The figures, straight from the projection. Every query counts an order on the UTC day it
 * was placed (`placed_on`) and only in the filtered region and currency; revenue is the sum
 * of CONFIRMED orders only. Sums are cast back to bigint (PostgreSQL widens them to numeric).
 */

export interface OrderCounts {
  placedOrders: number;
  confirmedOrders: number;
  failedOrders: number;
  pendingOrders: number;
  revenueCents: number;
}

const COUNTS = `
  count(o.order_id)::int AS "placedOrders",
  count(*) FILTER (WHERE o.status = 'CONFIRMED')::int AS "confirmedOrders",
  count(*) FILTER (WHERE o.status = 'FAILED')::int AS "failedOrders",
  count(*) FILTER (WHERE o.status = 'PENDING')::int AS "pendingOrders",
  COALESCE(sum(o.total_cents) FILTER (WHERE o.status = 'CONFIRMED'), 0)::bigint AS "revenueCents"`;

/** $1 from, $2 to, $3 region or null, $4 currency. */
const IN_FILTER = `o.placed_on BETWEEN $1::date AND $2::date
  AND ($3::text IS NULL OR o.region = $3) AND o.currency = $4`;
const params = (f: SalesFilters) => [f.from, f.to, f.region, f.currency];

/** One row per day of the range, days without orders included (zeros). */
export async function countsByDay(
  db: Queryable,
  f: SalesFilters,
): Promise<(OrderCounts & { day: string })[]> {
  const { rows } = await db.query<OrderCounts & { day: string }>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, ${COUNTS}
       FROM generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') AS d(day)
       LEFT JOIN sales_insight.orders o ON o.placed_on = d.day::date AND ${IN_FILTER}
      GROUP BY d.day ORDER BY d.day`,
    params(f),
  );
  return rows;
}

/** One row per given region, regions without orders included (zeros). */
export async function countsByRegion(
  db: Queryable,
  f: SalesFilters,
  regions: readonly Region[],
): Promise<(OrderCounts & { region: Region })[]> {
  const { rows } = await db.query<OrderCounts & { region: Region }>(
    `SELECT r.region, ${COUNTS}
       FROM unnest($5::text[]) AS r(region)
       LEFT JOIN sales_insight.orders o ON o.region = r.region AND ${IN_FILTER}
      GROUP BY r.region ORDER BY r.region`,
    [...params(f), regions],
  );
  return rows;
}

export async function totals(db: Queryable, f: SalesFilters): Promise<OrderCounts> {
  const { rows } = await db.query<OrderCounts>(
    `SELECT ${COUNTS} FROM sales_insight.orders o WHERE ${IN_FILTER}`,
    params(f),
  );
  return rows[0]!;
}

export interface ProductSales {
  sku: string;
  productName: string;
  unitsSold: number;
  confirmedOrders: number;
  revenueCents: number;
}

/** Products of confirmed orders by revenue (then SKU); the name is the latest one sold under. */
export async function productSales(
  db: Queryable,
  f: SalesFilters,
  limit: number,
): Promise<{ rows: ProductSales[]; productCount: number }> {
  const { rows } = await db.query<ProductSales & { productCount: number }>(
    `SELECT l.sku,
            (array_agg(l.product_name ORDER BY o.placed_at DESC, o.order_id))[1] AS "productName",
            sum(l.quantity)::bigint AS "unitsSold",
            count(*)::int AS "confirmedOrders",
            sum(l.quantity * l.unit_price_cents)::bigint AS "revenueCents",
            (count(*) OVER ())::int AS "productCount"
       FROM sales_insight.orders o
       JOIN sales_insight.order_lines l ON l.order_id = o.order_id
      WHERE o.status = 'CONFIRMED' AND ${IN_FILTER}
      GROUP BY l.sku
      ORDER BY "revenueCents" DESC, l.sku COLLATE "C"
      LIMIT $5`,
    [...params(f), limit],
  );
  return {
    productCount: rows[0]?.productCount ?? 0,
    rows: rows.map(({ productCount: _, ...r }) => r),
  };
}

export interface CustomerSales {
  customerId: string;
  region: Region;
  confirmedOrders: number;
  placedOrders: number;
  revenueCents: number;
  lastOrderAt: string;
}

/** Customers with at least one confirmed order, by confirmed revenue (then customer id). */
export async function topCustomers(
  db: Queryable,
  f: SalesFilters,
  limit: number,
): Promise<{ rows: CustomerSales[]; customerCount: number }> {
  const { rows } = await db.query<
    Omit<CustomerSales, 'lastOrderAt'> & { lastOrderAt: Date; customerCount: number }
  >(
    `SELECT o.customer_id AS "customerId",
            (array_agg(o.region ORDER BY o.placed_at DESC))[1] AS region,
            count(*) FILTER (WHERE o.status = 'CONFIRMED')::int AS "confirmedOrders",
            count(*)::int AS "placedOrders",
            sum(o.total_cents) FILTER (WHERE o.status = 'CONFIRMED')::bigint AS "revenueCents",
            max(o.placed_at) FILTER (WHERE o.status = 'CONFIRMED') AS "lastOrderAt",
            (count(*) OVER ())::int AS "customerCount"
       FROM sales_insight.orders o
      WHERE ${IN_FILTER}
      GROUP BY o.customer_id
     HAVING count(*) FILTER (WHERE o.status = 'CONFIRMED') > 0
      ORDER BY "revenueCents" DESC, o.customer_id
      LIMIT $5`,
    [...params(f), limit],
  );
  return {
    customerCount: rows[0]?.customerCount ?? 0,
    rows: rows.map(({ customerCount: _, lastOrderAt, ...r }) => ({
      ...r,
      lastOrderAt: lastOrderAt.toISOString(),
    })),
  };
}
