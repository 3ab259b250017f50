import type { Queryable, Region } from '@globalretail/service-kit';
import type { OrderStatus, SoldLine } from '../domain/order-events';
import type { ProjectedOrder } from '../domain/projection';

interface OrderRow {
  order_id: string;
  customer_id: string;
  region: Region;
  currency: string;
  total_cents: number;
  status: OrderStatus;
  placed_at: Date;
  placed_event_seen: boolean;
  ended_at: Date | null;
  failure_reason: string | null;
}

const toOrder = (r: OrderRow): ProjectedOrder => ({
  orderId: r.order_id,
  customerId: r.customer_id,
  region: r.region,
  currency: r.currency,
  totalCents: r.total_cents,
  status: r.status,
  placedAt: r.placed_at,
  placedEventSeen: r.placed_event_seen,
  endedAt: r.ended_at,
  failureReason: r.failure_reason,
});

/**
 * Serialises the events of one order until the transaction ends, including the first one
 * (there is no row to lock yet), so two deliveries racing on a new order cannot both insert.
 */
export async function lockOrderId(tx: Queryable, orderId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('sales_insight.order:' || $1))", [orderId]);
}

export async function findOrder(
  db: Queryable,
  orderId: string,
): Promise<ProjectedOrder | undefined> {
  const { rows } = await db.query<OrderRow>(
    `SELECT order_id, customer_id, region, currency, total_cents, status, placed_at,
            placed_event_seen, ended_at, failure_reason
       FROM sales_insight.orders WHERE order_id = $1`,
    [orderId],
  );
  return rows[0] && toOrder(rows[0]);
}

export async function saveOrder(db: Queryable, order: ProjectedOrder): Promise<void> {
  await db.query(
    `INSERT INTO sales_insight.orders
       (order_id, customer_id, region, currency, total_cents, status, placed_at,
        placed_event_seen, ended_at, failure_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (order_id) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, region = EXCLUDED.region,
       currency = EXCLUDED.currency, total_cents = EXCLUDED.total_cents,
       status = EXCLUDED.status, placed_at = EXCLUDED.placed_at,
       placed_event_seen = EXCLUDED.placed_event_seen, ended_at = EXCLUDED.ended_at,
       failure_reason = EXCLUDED.failure_reason, updated_at = now()`,
    [
      order.orderId,
      order.customerId,
      order.region,
      order.currency,
      order.totalCents,
      order.status,
      order.placedAt,
      order.placedEventSeen,
      order.endedAt,
      order.failureReason,
    ],
  );
}

/** Records the lines once; a later report of the same order's lines changes nothing. */
export async function insertLines(
  db: Queryable,
  orderId: string,
  lines: SoldLine[],
): Promise<void> {
  await db.query(
    `INSERT INTO sales_insight.order_lines
       (order_id, line_no, sku, product_name, quantity, unit_price_cents)
     SELECT $1, n, sku, name, quantity, price
       FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[])
            WITH ORDINALITY AS l(sku, name, quantity, price, n)
     ON CONFLICT DO NOTHING`,
    [
      orderId,
      lines.map((l) => l.sku),
      lines.map((l) => l.productName),
      lines.map((l) => l.quantity),
      lines.map((l) => l.unitPriceCents),
    ],
  );
}

export async function recordStatus(
  db: Queryable,
  entry: { eventId: string; orderId: string; status: OrderStatus; at: Date; applied: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO sales_insight.order_status_history (event_id, order_id, status, occurred_at, applied)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`,
    [entry.eventId, entry.orderId, entry.status, entry.at, entry.applied],
  );
}

export interface StatusHistoryEntry {
  status: OrderStatus;
  at: string;
  applied: boolean;
}

export async function statusHistory(db: Queryable, orderId: string): Promise<StatusHistoryEntry[]> {
  const { rows } = await db.query<{ status: OrderStatus; occurred_at: Date; applied: boolean }>(
    `SELECT status, occurred_at, applied FROM sales_insight.order_status_history
      WHERE order_id = $1 ORDER BY occurred_at, recorded_at`,
    [orderId],
  );
  return rows.map((r) => ({
    status: r.status,
    at: r.occurred_at.toISOString(),
    applied: r.applied,
  }));
}

export async function upsertCustomer(
  db: Queryable,
  customer: { customerId: string; region: string; role: string; registeredAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO sales_insight.customers (customer_id, region, role, registered_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id) DO NOTHING`,
    [customer.customerId, customer.region, customer.role, customer.registeredAt],
  );
}

export async function orderLines(db: Queryable, orderId: string): Promise<SoldLine[]> {
  const { rows } = await db.query<SoldLine>(
    `SELECT sku, product_name AS "productName", quantity, unit_price_cents AS "unitPriceCents"
       FROM sales_insight.order_lines WHERE order_id = $1 ORDER BY line_no`,
    [orderId],
  );
  return rows;
}
