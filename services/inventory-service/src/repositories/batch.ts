import {
  outboxInsertSql,
  type NewEvent,
  type Queryable,
  type Region,
} from '@globalretail/service-kit';
import type { Reservation, ReservationLine, ReservationStatus } from '../domain/types';
import { AUDIT_INSERT_COLUMNS, auditColumns, auditUnnest, type AuditEntry } from './audit';
import { RESERVATION_COLUMNS, toReservation, type ReservationRow } from './reservations';
import type { StockDelta } from './stock';

/**
 * Statements for batches of stock operations (group commit). Each function is ONE statement
 * (one round trip) whatever the number of commands in the batch.
 */

/** A stock row as a batch locks it. */
export interface LockedStock {
  sku: string;
  warehouseId: string;
  region: Region;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
}

export interface ReserveBatchState {
  /** The transaction's clock (`now()`): new holds are created at it. */
  now: Date;
  products: Map<string, { active: boolean }>;
  warehouses: { id: string; region: Region }[];
  /** Every stock row of the SKUs, locked in the global (sku, warehouse_id) order. */
  stock: LockedStock[];
}

/**
 * What a reserve batch needs of the catalogue and stock, in one statement: the transaction's
 * clock, which SKUs exist and are active, the warehouses, and every stock row of the SKUs,
 * locked FOR UPDATE in (sku, warehouse_id) order like every other stock writer. A locked row
 * is read in its newest committed version.
 */
export async function lockReserveBatch(
  db: Queryable,
  skus: readonly string[],
): Promise<ReserveBatchState> {
  const { rows } = await db.query<{
    now: Date;
    products: { sku: string; active: boolean }[];
    warehouses: { id: string; region: Region }[];
    stock: LockedStock[];
  }>(
    `WITH locked AS MATERIALIZED (
       SELECT s.sku, s.warehouse_id, s.on_hand, s.reserved, s.low_stock_threshold
         FROM inventory.stock s
        WHERE s.sku = ANY($1::text[])
        ORDER BY s.sku, s.warehouse_id
          FOR UPDATE
     )
     SELECT now() AS now,
       (SELECT coalesce(json_agg(json_build_object('sku', p.sku, 'active', p.active)), '[]')
          FROM inventory.products p WHERE p.sku = ANY($1::text[])) AS products,
       (SELECT coalesce(json_agg(json_build_object('id', w.id, 'region', w.region) ORDER BY w.id), '[]')
          FROM inventory.warehouses w) AS warehouses,
       (SELECT coalesce(json_agg(json_build_object(
                 'sku', l.sku, 'warehouseId', l.warehouse_id, 'region', w.region,
                 'onHand', l.on_hand, 'reserved', l.reserved,
                 'lowStockThreshold', l.low_stock_threshold)), '[]')
          FROM locked l JOIN inventory.warehouses w ON w.id = l.warehouse_id) AS stock`,
    [skus],
  );
  const row = rows[0]!;
  return {
    now: row.now,
    products: new Map(row.products.map((p) => [p.sku, { active: p.active }])),
    warehouses: row.warehouses,
    stock: row.stock,
  };
}

export interface LockedReservation {
  reservation: Reservation;
  /** Its lines, in the order `reservationLines` gives them. */
  lines: ReservationLine[];
}

/**
 * Several reservations with their lines, in one statement; absent ids are missing from the
 * map. With `lock`, the reservation rows are locked FOR UPDATE in id order (so two
 * transactions locking overlapping sets cannot wait on each other in a cycle); like every
 * reservation lock, that comes before any stock row lock.
 */
export async function reservationsWithLines(
  db: Queryable,
  ids: readonly string[],
  options: { lock: boolean },
): Promise<Map<string, LockedReservation>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<ReservationRow & { lines: ReservationLine[] }>(
    `SELECT ${RESERVATION_COLUMNS},
       (SELECT coalesce(json_agg(json_build_object(
                 'sku', l.sku, 'warehouseId', l.warehouse_id, 'region', w.region,
                 'quantity', l.quantity)
               ORDER BY l.warehouse_id COLLATE "C", l.sku COLLATE "C"), '[]')
          FROM inventory.reservation_lines l JOIN inventory.warehouses w ON w.id = l.warehouse_id
         WHERE l.reservation_id = r.id) AS lines
       FROM inventory.reservations r
      WHERE r.id = ANY($1::uuid[])
      ${options.lock ? 'ORDER BY r.id FOR UPDATE OF r' : ''}`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { reservation: toReservation(r), lines: r.lines }]));
}

export interface NewHold {
  id: string;
  orderId: string;
  region: string;
  ttlSeconds: number;
  createdBy: string;
}

export interface HeldLine {
  reservationId: string;
  sku: string;
  warehouseId: string;
  quantity: number;
}

export interface EndedReservation {
  id: string;
  status: Exclude<ReservationStatus, 'HELD'>;
  reason: string;
}

export interface StockBatch {
  /** New HELD reservations (created at `now()`, expiring `ttlSeconds` later). */
  holds?: readonly NewHold[];
  /** Their lines. */
  lines?: readonly HeldLine[];
  /** Reservations to move to an end state. */
  ends?: readonly EndedReservation[];
  /** Net change per stock row, each row at most once; the rows must be locked already. */
  deltas: readonly StockDelta[];
  /** One entry per reservation per stock row, with its own before and after. */
  audit: readonly AuditEntry[];
  /** Outbox events in the order they are to be delivered, each with its request id. */
  events: readonly { event: NewEvent; requestId: string | null }[];
}

export interface StockBatchResult {
  /** How many of `holds` were inserted: fewer when an id was taken meanwhile. */
  held: number;
  /** The ended reservations as they are now. */
  ended: Reservation[];
}

/**
 * Writes a whole batch in one statement: new holds and their lines, reservation end states,
 * the stock deltas (each only if the row stays valid: nothing negative, never more reserved
 * than on hand), the audit rows and the outbox events.
 *
 * A hold whose id exists by now (a concurrent transaction inserted it since the caller
 * looked) is skipped with its lines and `held` tells: the caller then rolls back. Holds are
 * inserted in id order, so two such inserts wait on each other in one direction only.
 * Throws when any stock row refused its delta, so the transaction rolls back as a whole: the
 * caller locked the rows and checked the numbers, so a refusal is a bug.
 */
export async function writeStockBatch(db: Queryable, batch: StockBatch): Promise<StockBatchResult> {
  const holds = batch.holds ?? [];
  const lines = batch.lines ?? [];
  const ends = batch.ends ?? [];
  const { rows } = await db.query<
    ReservationRow & { held_count: number; stock_rows: number; ended_count: number }
  >(
    `WITH held AS (
       INSERT INTO inventory.reservations (id, order_id, region, status, expires_at, created_by)
       SELECT h.id, h.order_id, h.region, 'HELD', now() + make_interval(secs => h.ttl), h.created_by
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[])
                AS h(id, order_id, region, ttl, created_by)
        ORDER BY h.id
       ON CONFLICT (id) DO NOTHING
       RETURNING id
     ), held_lines AS (
       INSERT INTO inventory.reservation_lines (reservation_id, sku, warehouse_id, quantity)
       SELECT l.reservation_id, l.sku, l.warehouse_id, l.quantity
         FROM unnest($6::uuid[], $7::text[], $8::text[], $9::int[])
                AS l(reservation_id, sku, warehouse_id, quantity)
         JOIN held ON held.id = l.reservation_id
     ), changed AS (
       UPDATE inventory.stock s
          SET on_hand = s.on_hand + d.d_on_hand,
              reserved = s.reserved + d.d_reserved,
              updated_at = now()
         FROM unnest($10::text[], $11::text[], $12::int[], $13::int[])
                AS d(sku, warehouse_id, d_on_hand, d_reserved)
        WHERE s.sku = d.sku AND s.warehouse_id = d.warehouse_id
          AND s.on_hand + d.d_on_hand >= 0
          AND s.reserved + d.d_reserved >= 0
          AND s.reserved + d.d_reserved <= s.on_hand + d.d_on_hand
       RETURNING 1
     ), ended AS (
       UPDATE inventory.reservations r
          SET status = e.end_status, ended_reason = e.end_reason, updated_at = now()
         FROM unnest($14::uuid[], $15::text[], $16::text[]) AS e(end_id, end_status, end_reason)
        WHERE r.id = e.end_id
       RETURNING ${RESERVATION_COLUMNS}
     ), audit AS (
       INSERT INTO inventory.stock_audit (${AUDIT_INSERT_COLUMNS})
       SELECT * FROM ${auditUnnest(18)}
     ), events AS (
       ${outboxInsertSql('inventory', 17)}
     )
     SELECT (SELECT count(*)::int FROM held) AS held_count,
            (SELECT count(*)::int FROM changed) AS stock_rows,
            (SELECT count(*)::int FROM ended) AS ended_count,
            ended.*
       FROM (SELECT 1) AS one LEFT JOIN ended ON true`,
    [
      holds.map((h) => h.id),
      holds.map((h) => h.orderId),
      holds.map((h) => h.region),
      holds.map((h) => h.ttlSeconds),
      holds.map((h) => h.createdBy),
      lines.map((l) => l.reservationId),
      lines.map((l) => l.sku),
      lines.map((l) => l.warehouseId),
      lines.map((l) => l.quantity),
      batch.deltas.map((d) => d.sku),
      batch.deltas.map((d) => d.warehouseId),
      batch.deltas.map((d) => d.onHandDelta),
      batch.deltas.map((d) => d.reservedDelta),
      ends.map((e) => e.id),
      ends.map((e) => e.status),
      ends.map((e) => e.reason),
      JSON.stringify(batch.events.map((e) => ({ ...e.event, requestId: e.requestId }))),
      ...auditColumns(batch.audit),
    ],
  );
  const first = rows[0]!;
  if (first.stock_rows !== batch.deltas.length) {
    throw new Error(
      `stock guard refused ${batch.deltas.length - first.stock_rows} of ${batch.deltas.length} changes`,
    );
  }
  if (first.ended_count !== ends.length) {
    throw new Error(`ended ${first.ended_count} of ${ends.length} reservations`);
  }
  return {
    held: first.held_count,
    ended: ends.length > 0 ? rows.map(toReservation) : [],
  };
}
