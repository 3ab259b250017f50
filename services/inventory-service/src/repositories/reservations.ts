import type { Queryable } from '@globalretail/service-kit';
import type { Reservation, ReservationLine, ReservationStatus } from '../domain/types';

export interface ReservationRow {
  id: string;
  order_id: string | null;
  region: Reservation['region'];
  status: ReservationStatus;
  tombstone: boolean;
  expires_at: Date | null;
  past_expiry: boolean;
  ended_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toReservation = (r: ReservationRow): Reservation => ({
  id: r.id,
  orderId: r.order_id,
  region: r.region,
  status: r.status,
  tombstone: r.tombstone,
  expiresAt: r.expires_at?.toISOString() ?? null,
  pastExpiry: r.past_expiry,
  endedReason: r.ended_reason,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const RESERVATION_COLUMNS = `id, order_id, region, status, tombstone, expires_at,
  (status = 'HELD' AND expires_at <= now()) AS past_expiry, ended_reason, created_at, updated_at`;

/** Leaves a RELEASED marker for an id that was released before it was ever reserved. */
export async function insertTombstone(
  db: Queryable,
  id: string,
  createdBy: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO inventory.reservations (id, status, tombstone, created_by, ended_reason)
     VALUES ($1, 'RELEASED', true, $2, 'released before it was reserved')
     ON CONFLICT (id) DO NOTHING`,
    [id, createdBy],
  );
  return rowCount === 1;
}

export async function findReservation(db: Queryable, id: string): Promise<Reservation | undefined> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${RESERVATION_COLUMNS} FROM inventory.reservations WHERE id = $1`,
    [id],
  );
  return rows[0] && toReservation(rows[0]);
}

/** Locks the reservation row: every state change takes this lock first. */
export async function lockReservation(db: Queryable, id: string): Promise<Reservation | undefined> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${RESERVATION_COLUMNS} FROM inventory.reservations WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] && toReservation(rows[0]);
}

/**
 * Locks up to `limit` holds whose deadline has passed, skipping those another transaction
 * (a commit, a release, another sweeper) holds: that one decides their fate instead.
 */
export async function lockExpiredHolds(db: Queryable, limit: number): Promise<Reservation[]> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${RESERVATION_COLUMNS} FROM inventory.reservations
      WHERE status = 'HELD' AND expires_at <= now()
      ORDER BY expires_at, id
      LIMIT $1
      FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map(toReservation);
}

export async function endReservations(
  db: Queryable,
  ids: readonly string[],
  status: Exclude<ReservationStatus, 'HELD'>,
  reason: string,
): Promise<void> {
  await db.query(
    `UPDATE inventory.reservations SET status = $2, ended_reason = $3, updated_at = now()
      WHERE id = ANY($1::uuid[])`,
    [ids, status, reason],
  );
}

/**
 * Lines of several reservations, keyed by reservation id, ordered by warehouse, then SKU, by
 * code point ("C" collation), which is the order {@link compareLines} gives in memory.
 */
export async function reservationLines(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, ReservationLine[]>> {
  const { rows } = await db.query<{
    reservation_id: string;
    sku: string;
    warehouse_id: string;
    region: ReservationLine['region'];
    quantity: number;
  }>(
    `SELECT l.reservation_id, l.sku, l.warehouse_id, w.region, l.quantity
       FROM inventory.reservation_lines l JOIN inventory.warehouses w ON w.id = l.warehouse_id
      WHERE l.reservation_id = ANY($1::uuid[])
      ORDER BY l.reservation_id, l.warehouse_id COLLATE "C", l.sku COLLATE "C"`,
    [ids],
  );
  const byReservation = new Map<string, ReservationLine[]>(ids.map((id) => [id, []]));
  for (const r of rows) {
    byReservation.get(r.reservation_id)?.push({
      sku: r.sku,
      warehouseId: r.warehouse_id,
      region: r.region,
      quantity: r.quantity,
    });
  }
  return byReservation;
}

/** The order {@link reservationLines} returns lines in (warehouse, then SKU, by code point). */
export function compareLines(
  a: { sku: string; warehouseId: string },
  b: { sku: string; warehouseId: string },
): number {
  if (a.warehouseId !== b.warehouseId) return a.warehouseId < b.warehouseId ? -1 : 1;
  if (a.sku !== b.sku) return a.sku < b.sku ? -1 : 1;
  return 0;
}
