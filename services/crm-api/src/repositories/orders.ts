import type { Address, Queryable, Region } from '@globalretail/service-kit';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';
export type ServiceLevel = 'standard' | 'express';

export interface OrderLine {
  sku: string;
  productName: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  region: Region;
  lines: OrderLine[];
  totalCents: number;
  currency: string;
  shipTo: Address;
  serviceLevel: ServiceLevel;
  trackingNumbers: string[];
  failureReason: string | null;
  supplyOrderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewOrder = Omit<
  Order,
  'status' | 'trackingNumbers' | 'failureReason' | 'supplyOrderId' | 'createdAt' | 'updatedAt'
>;

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  region: Region;
  ship_to: Address;
  service_level: ServiceLevel;
  total_cents: number;
  currency: string;
  tracking_numbers: string[];
  failure_reason: string | null;
  supply_order_id: string | null;
  created_at: Date;
  updated_at: Date;
  lines: OrderLine[];
}

// Lines are folded into the order row so one query returns whole orders.
const SELECT_ORDERS = `
  SELECT o.*,
         COALESCE((SELECT json_agg(json_build_object(
                     'sku', l.sku, 'productName', l.product_name,
                     'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents)
                   ORDER BY l.line_no)
                   FROM crm.order_lines l WHERE l.order_id = o.id), '[]'::json) AS lines
    FROM crm.orders o`;

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  region: row.region,
  lines: row.lines,
  totalCents: row.total_cents,
  currency: row.currency,
  shipTo: row.ship_to,
  serviceLevel: row.service_level,
  trackingNumbers: row.tracking_numbers,
  failureReason: row.failure_reason,
  supplyOrderId: row.supply_order_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Writes a PENDING order and its lines; returns when it was placed (its `created_at`). */
export async function insertOrder(db: Queryable, order: NewOrder): Promise<{ createdAt: Date }> {
  const { rows } = await db.query<{ created_at: Date }>(
    `INSERT INTO crm.orders (id, customer_id, status, region, ship_to, service_level, total_cents, currency)
     VALUES ($1, $2, 'PENDING', $3, $4::jsonb, $5, $6, $7)
     RETURNING created_at`,
    [
      order.id,
      order.customerId,
      order.region,
      JSON.stringify(order.shipTo),
      order.serviceLevel,
      order.totalCents,
      order.currency,
    ],
  );
  await db.query(
    `INSERT INTO crm.order_lines (order_id, line_no, sku, quantity, unit_price_cents, product_name)
     SELECT $1, n, sku, quantity, price, name
       FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[])
            WITH ORDINALITY AS l(sku, quantity, price, name, n)`,
    [
      order.id,
      order.lines.map((l) => l.sku),
      order.lines.map((l) => l.quantity),
      order.lines.map((l) => l.unitPriceCents),
      order.lines.map((l) => l.productName),
    ],
  );
  return { createdAt: rows[0]!.created_at };
}

export async function findOrderById(db: Queryable, id: string): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = $1`, [id]);
  return rows[0] && toOrder(rows[0]);
}

/** The order, locked until the transaction ends: finalizers of one order run one at a time. */
export async function lockOrder(db: Queryable, id: string): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = $1 FOR UPDATE OF o`, [
    id,
  ]);
  return rows[0] && toOrder(rows[0]);
}

export async function listOrdersOfCustomer(
  db: Queryable,
  customerId: string,
  limit: number,
): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `${SELECT_ORDERS} WHERE o.customer_id = $1 ORDER BY o.created_at DESC, o.id LIMIT $2`,
    [customerId, limit],
  );
  return rows.map(toOrder);
}

export interface OrderSearch {
  orderId?: string;
  customerEmail?: string;
  trackingNumber?: string;
  status?: OrderStatus;
  limit: number;
}

/** Orders across customers, newest first, for staff tools (the portal's order tracking). */
export async function searchOrders(
  db: Queryable,
  search: OrderSearch,
): Promise<(Order & { customerEmail: string })[]> {
  const { rows } = await db.query<OrderRow & { customer_email: string }>(
    `SELECT * FROM (${SELECT_ORDERS}) o
       JOIN LATERAL (SELECT c.email AS customer_email FROM crm.customers c WHERE c.id = o.customer_id) c ON true
      WHERE ($1::uuid IS NULL OR o.id = $1)
        AND ($2::text IS NULL OR c.customer_email = $2)
        AND ($3::text IS NULL OR $3 = ANY (o.tracking_numbers))
        AND ($4::text IS NULL OR o.status = $4)
      ORDER BY o.created_at DESC, o.id
      LIMIT $5`,
    [
      search.orderId ?? null,
      search.customerEmail ?? null,
      search.trackingNumber ?? null,
      search.status ?? null,
      search.limit,
    ],
  );
  return rows.map((row) => ({ ...toOrder(row), customerEmail: row.customer_email }));
}

/** Ids of orders still PENDING after `minAgeMs`, oldest first. */
export async function findStalePendingOrderIds(
  db: Queryable,
  minAgeMs: number,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM crm.orders
      WHERE status = 'PENDING'
        AND created_at <= now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY created_at LIMIT $2`,
    [minAgeMs, limit],
  );
  return rows.map((r) => r.id);
}

export async function markOrderConfirmed(
  db: Queryable,
  id: string,
  supplyOrderId: string | null,
  trackingNumbers: string[],
): Promise<void> {
  await db.query(
    `UPDATE crm.orders
        SET status = 'CONFIRMED', supply_order_id = COALESCE($2, supply_order_id),
            tracking_numbers = $3::text[], failure_reason = NULL, updated_at = now()
      WHERE id = $1`,
    [id, supplyOrderId, trackingNumbers],
  );
}

export async function markOrderFailed(
  db: Queryable,
  id: string,
  supplyOrderId: string | null,
  reason: string,
): Promise<void> {
  await db.query(
    `UPDATE crm.orders
        SET status = 'FAILED', supply_order_id = COALESCE($2, supply_order_id),
            failure_reason = $3, updated_at = now()
      WHERE id = $1`,
    [id, supplyOrderId, reason],
  );
}

export async function recordSupplyOrderId(
  db: Queryable,
  id: string,
  supplyOrderId: string,
): Promise<void> {
  await db.query(
    `UPDATE crm.orders SET supply_order_id = $2, updated_at = now()
      WHERE id = $1 AND supply_order_id IS DISTINCT FROM $2`,
    [id, supplyOrderId],
  );
}
