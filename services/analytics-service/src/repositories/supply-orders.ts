import type { Queryable } from '@globalretail/service-kit';
import type { FinishedSupplyOrder, RangeFilter } from '../domain/types';

/**
 * Records a finished supply order and its lines. A supply order finishes once, so a second
 * event for the same id (there should be none) changes nothing. Returns whether it was new.
 */
export async function insertFinishedSupplyOrder(
  db: Queryable,
  order: FinishedSupplyOrder,
): Promise<boolean> {
  const unitsOrdered = order.lines.reduce((sum, l) => sum + l.quantity, 0);
  const { rowCount } = await db.query(
    `INSERT INTO supply_analytics.supply_orders
       (supply_order_id, order_id, customer_id, region, status, units_ordered, units_confirmed,
        failure_code, finished_at, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (supply_order_id) DO NOTHING`,
    [
      order.supplyOrderId,
      order.orderId,
      order.customerId,
      order.region,
      order.status,
      unitsOrdered,
      order.status === 'CONFIRMED' ? unitsOrdered : 0,
      order.failureCode,
      order.finishedAt,
      order.eventId,
    ],
  );
  if (rowCount !== 1) return false;
  // Each SKU once per order (order-service's rule); summed here in case a producer repeats one.
  const bySku = new Map<string, number>();
  for (const line of order.lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  await db.query(
    `INSERT INTO supply_analytics.supply_order_lines (supply_order_id, sku, quantity)
     SELECT $1, * FROM unnest($2::text[], $3::int[])`,
    [order.supplyOrderId, [...bySku.keys()], [...bySku.values()]],
  );
  return true;
}

export interface OrderTotals {
  region: string | null;
  confirmed: number;
  failed: number;
  unitsOrdered: number;
  unitsConfirmed: number;
}

/** Finished supply orders per customer region; a date range selects by finish time. */
export async function orderTotalsByRegion(
  db: Queryable,
  filter: RangeFilter,
): Promise<OrderTotals[]> {
  const { rows } = await db.query<{
    region: string | null;
    confirmed: number;
    failed: number;
    units_ordered: number;
    units_confirmed: number;
  }>(
    `SELECT region,
            count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed,
            count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
            sum(units_ordered)::bigint AS units_ordered,
            sum(units_confirmed)::bigint AS units_confirmed
       FROM supply_analytics.supply_orders
      WHERE ($1::text IS NULL OR region = $1)
        AND ($2::timestamptz IS NULL OR finished_at >= $2)
        AND ($3::timestamptz IS NULL OR finished_at < $3)
      GROUP BY region
      ORDER BY region NULLS LAST`,
    [filter.region ?? null, filter.from ?? null, filter.to ?? null],
  );
  return rows.map((r) => ({
    region: r.region,
    confirmed: r.confirmed,
    failed: r.failed,
    unitsOrdered: r.units_ordered,
    unitsConfirmed: r.units_confirmed,
  }));
}

/** Finished orders per minute in [from, to), minutes without orders omitted. */
export async function ordersByMinute(
  db: Queryable,
  filter: { region?: string; from: Date; to: Date },
): Promise<{ minute: Date; confirmed: number; failed: number }[]> {
  const { rows } = await db.query<{ minute: Date; confirmed: number; failed: number }>(
    `SELECT date_trunc('minute', finished_at) AS minute,
            count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed,
            count(*) FILTER (WHERE status = 'FAILED')::int AS failed
       FROM supply_analytics.supply_orders
      WHERE finished_at >= $1 AND finished_at < $2
        AND ($3::text IS NULL OR region = $3)
      GROUP BY 1
      ORDER BY 1`,
    [filter.from, filter.to, filter.region ?? null],
  );
  return rows;
}

/** Units of a SKU ordered per UTC day in [from, to), days without orders omitted. */
export async function dailyDemand(
  db: Queryable,
  filter: { sku: string; region?: string; from: Date; to: Date },
): Promise<{ day: string; units: number }[]> {
  const { rows } = await db.query<{ day: string; units: number }>(
    `SELECT to_char((o.finished_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
            sum(l.quantity)::bigint AS units
       FROM supply_analytics.supply_order_lines l
       JOIN supply_analytics.supply_orders o ON o.supply_order_id = l.supply_order_id
      WHERE l.sku = $1
        AND o.finished_at >= $2 AND o.finished_at < $3
        AND ($4::text IS NULL OR o.region = $4)
      GROUP BY 1
      ORDER BY 1`,
    [filter.sku, filter.from, filter.to, filter.region ?? null],
  );
  return rows;
}
