import type { Queryable } from '@globalretail/service-kit';
import type { StockBasis, StockFilter, StockRow } from '../domain/types';

export interface AbsoluteLevel {
  sku: string;
  warehouseId: string;
  region: string | null;
  onHand: number;
  reserved: number;
  threshold: number | null;
  /** The event's outbox sequence (ordering between events of inventory-service). */
  sequence: number;
  at: Date;
}

export interface SnapshotLevel {
  sku: string;
  warehouseId: string;
  region: string | null;
  onHand: number;
  reserved: number;
  threshold: number | null;
  /** The stock row's updated_at as inventory-service reported it. */
  at: Date;
}

export interface Movement {
  eventId: string;
  sequence: number;
  occurredAt: Date;
  kind: 'reserved' | 'committed' | 'released';
  reservationId: string;
  sku: string;
  warehouseId: string;
  region: string | null;
  onHandDelta: number;
  reservedDelta: number;
}

/**
 * Makes an absolute level from an event the row's base, unless the base is already newer:
 * an older event (by sequence) or an older snapshot (by time) is replaced, a newer one is
 * kept. Movements the new base already includes are dropped. Returns whether it applied.
 */
export async function applyAbsoluteLevel(db: Queryable, level: AbsoluteLevel): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO supply_analytics.stock_levels AS l
       (sku, warehouse_id, region, on_hand, reserved, low_stock_threshold, base_source, base_sequence, base_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'event', $7, $8)
     ON CONFLICT (sku, warehouse_id) DO UPDATE SET
       region = coalesce(EXCLUDED.region, l.region),
       on_hand = EXCLUDED.on_hand,
       reserved = EXCLUDED.reserved,
       low_stock_threshold = coalesce(EXCLUDED.low_stock_threshold, l.low_stock_threshold),
       base_source = 'event',
       base_sequence = EXCLUDED.base_sequence,
       base_at = EXCLUDED.base_at,
       updated_at = now()
     WHERE (l.base_source = 'event' AND EXCLUDED.base_sequence > l.base_sequence)
        OR (l.base_source = 'snapshot' AND EXCLUDED.base_at >= l.base_at)`,
    [
      level.sku,
      level.warehouseId,
      level.region,
      level.onHand,
      level.reserved,
      level.threshold,
      level.sequence,
      level.at,
    ],
  );
  if (rowCount === 1) {
    await db.query(
      `DELETE FROM supply_analytics.stock_movements
        WHERE sku = $1 AND warehouse_id = $2 AND sequence <= $3`,
      [level.sku, level.warehouseId, level.sequence],
    );
    return true;
  }
  if (level.threshold !== null) await rememberThreshold(db, level);
  return false;
}

/** A snapshot replaces the base only when it is strictly newer than what is known. */
export async function applySnapshotLevel(db: Queryable, level: SnapshotLevel): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO supply_analytics.stock_levels AS l
       (sku, warehouse_id, region, on_hand, reserved, low_stock_threshold, base_source, base_sequence, base_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'snapshot', NULL, $7)
     ON CONFLICT (sku, warehouse_id) DO UPDATE SET
       region = coalesce(EXCLUDED.region, l.region),
       on_hand = EXCLUDED.on_hand,
       reserved = EXCLUDED.reserved,
       low_stock_threshold = coalesce(EXCLUDED.low_stock_threshold, l.low_stock_threshold),
       base_source = 'snapshot',
       base_sequence = NULL,
       base_at = EXCLUDED.base_at,
       updated_at = now()
     WHERE EXCLUDED.base_at > l.base_at`,
    [
      level.sku,
      level.warehouseId,
      level.region,
      level.onHand,
      level.reserved,
      level.threshold,
      level.at,
    ],
  );
  if (rowCount === 1) {
    await db.query(
      `DELETE FROM supply_analytics.stock_movements
        WHERE sku = $1 AND warehouse_id = $2 AND occurred_at <= $3`,
      [level.sku, level.warehouseId, level.at],
    );
    return true;
  }
  if (level.threshold !== null) await rememberThreshold(db, level);
  return false;
}

async function rememberThreshold(
  db: Queryable,
  level: { sku: string; warehouseId: string; threshold: number | null },
): Promise<void> {
  await db.query(
    `UPDATE supply_analytics.stock_levels SET low_stock_threshold = $3
      WHERE sku = $1 AND warehouse_id = $2 AND low_stock_threshold IS NULL`,
    [level.sku, level.warehouseId, level.threshold],
  );
}

export async function insertMovements(
  db: Queryable,
  movements: readonly Movement[],
): Promise<void> {
  if (movements.length === 0) return;
  await db.query(
    `INSERT INTO supply_analytics.stock_movements
       (event_id, sequence, occurred_at, kind, reservation_id, sku, warehouse_id, region, on_hand_delta, reserved_delta)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[],
                          $6::text[], $7::text[], $8::text[], $9::int[], $10::int[])
     ON CONFLICT DO NOTHING`,
    [
      movements.map((m) => m.eventId),
      movements.map((m) => m.sequence),
      movements.map((m) => m.occurredAt),
      movements.map((m) => m.kind),
      movements.map((m) => m.reservationId),
      movements.map((m) => m.sku),
      movements.map((m) => m.warehouseId),
      movements.map((m) => m.region),
      movements.map((m) => m.onHandDelta),
      movements.map((m) => m.reservedDelta),
    ],
  );
}

interface LiveStockRow {
  sku: string;
  warehouse_id: string;
  region: string | null;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number | null;
  basis: StockBasis;
  as_of: Date | null;
}

/**
 * Stock per SKU and warehouse now: each row's base plus the movements that came after it
 * (after its sequence for an event base, after its time for a snapshot base). Rows known
 * only from movements (no base yet) sum every movement.
 */
export async function liveStock(db: Queryable, filter: StockFilter = {}): Promise<StockRow[]> {
  const { rows } = await db.query<LiveStockRow>(
    `WITH keys AS (
       SELECT sku, warehouse_id FROM supply_analytics.stock_levels
       UNION
       SELECT sku, warehouse_id FROM supply_analytics.stock_movements
     ),
     live AS (
       SELECT k.sku, k.warehouse_id,
              coalesce(l.region, m.region) AS region,
              (coalesce(l.on_hand, 0) + coalesce(m.on_hand_delta, 0))::int AS on_hand,
              (coalesce(l.reserved, 0) + coalesce(m.reserved_delta, 0))::int AS reserved,
              l.low_stock_threshold,
              CASE WHEN l.sku IS NULL THEN 'movements-only' ELSE l.base_source END AS basis,
              greatest(l.base_at, m.last_at) AS as_of
         FROM keys k
         LEFT JOIN supply_analytics.stock_levels l
           ON l.sku = k.sku AND l.warehouse_id = k.warehouse_id
         LEFT JOIN LATERAL (
           SELECT sum(mv.on_hand_delta) AS on_hand_delta,
                  sum(mv.reserved_delta) AS reserved_delta,
                  max(mv.region) AS region,
                  max(mv.occurred_at) AS last_at
             FROM supply_analytics.stock_movements mv
            WHERE mv.sku = k.sku AND mv.warehouse_id = k.warehouse_id
              AND (l.sku IS NULL
                   OR (l.base_source = 'event' AND mv.sequence > l.base_sequence)
                   OR (l.base_source = 'snapshot' AND mv.occurred_at > l.base_at))
         ) m ON true
     )
     SELECT * FROM live
      WHERE ($1::text IS NULL OR region = $1)
        AND ($2::text IS NULL OR sku = $2)
        AND ($3::text IS NULL OR warehouse_id = $3)
      ORDER BY sku, warehouse_id`,
    [filter.region ?? null, filter.sku ?? null, filter.warehouseId ?? null],
  );
  return rows.map((r) => {
    const available = r.on_hand - r.reserved;
    return {
      sku: r.sku,
      warehouseId: r.warehouse_id,
      region: r.region,
      onHand: r.on_hand,
      reserved: r.reserved,
      available,
      lowStockThreshold: r.low_stock_threshold,
      low: r.low_stock_threshold !== null && available <= r.low_stock_threshold,
      basis: r.basis,
      asOf: r.as_of?.toISOString() ?? null,
    };
  });
}

export async function recordSnapshot(
  db: Queryable,
  snapshot: { source: string; products: number; rowsApplied: number; startedAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO supply_analytics.stock_snapshots (source, products, rows_applied, started_at)
     VALUES ($1, $2, $3, $4)`,
    [snapshot.source, snapshot.products, snapshot.rowsApplied, snapshot.startedAt],
  );
}

export async function lastSnapshot(
  db: Queryable,
): Promise<{ finishedAt: string; products: number; rowsApplied: number } | null> {
  const { rows } = await db.query<{ finished_at: Date; products: number; rows_applied: number }>(
    `SELECT finished_at, products, rows_applied FROM supply_analytics.stock_snapshots
      ORDER BY id DESC LIMIT 1`,
  );
  const r = rows[0];
  return r
    ? { finishedAt: r.finished_at.toISOString(), products: r.products, rowsApplied: r.rows_applied }
    : null;
}
