import type { Queryable } from '@globalretail/service-kit';
import type { StockChange, StockLevel } from '../domain/types';

export interface StockKey {
  sku: string;
  warehouseId: string;
}

/** A change to one stock row; both deltas may be zero or negative. */
export interface StockDelta extends StockKey {
  onHandDelta: number;
  reservedDelta: number;
}

interface StockRow {
  sku: string;
  warehouse_id: string;
  region: StockLevel['region'];
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  updated_at: Date;
}

const toLevel = (r: StockRow): StockLevel => ({
  sku: r.sku,
  warehouseId: r.warehouse_id,
  region: r.region,
  onHand: r.on_hand,
  reserved: r.reserved,
  available: r.on_hand - r.reserved,
  lowStockThreshold: r.low_stock_threshold,
  updatedAt: r.updated_at.toISOString(),
});

const SELECT_LEVEL = `SELECT s.sku, s.warehouse_id, w.region, s.on_hand, s.reserved,
         s.low_stock_threshold, s.updated_at
    FROM inventory.stock s JOIN inventory.warehouses w ON w.id = s.warehouse_id`;

export async function stockOfSku(db: Queryable, sku: string): Promise<StockLevel[]> {
  const { rows } = await db.query<StockRow>(
    `${SELECT_LEVEL} WHERE s.sku = $1 ORDER BY s.warehouse_id`,
    [sku],
  );
  return rows.map(toLevel);
}

/** Every stock row, by SKU then warehouse (the overview staff tools show). */
export async function allStock(db: Queryable): Promise<StockLevel[]> {
  const { rows } = await db.query<StockRow>(`${SELECT_LEVEL} ORDER BY s.sku, s.warehouse_id`);
  return rows.map(toLevel);
}

/**
 * Locks the given stock rows in (sku, warehouse_id) order, the order every writer locks stock
 * rows in (see also `lockReserveBatch`), so two transactions can never wait on each other in
 * a cycle.
 */
export async function lockStockRows(
  db: Queryable,
  keys: readonly StockKey[],
): Promise<StockLevel[]> {
  const { rows } = await db.query<StockRow>(
    `${SELECT_LEVEL}
       JOIN unnest($1::text[], $2::text[]) AS k(sku, warehouse_id)
         ON k.sku = s.sku AND k.warehouse_id = s.warehouse_id
      ORDER BY s.sku, s.warehouse_id FOR UPDATE OF s`,
    [keys.map((k) => k.sku), keys.map((k) => k.warehouseId)],
  );
  return rows.map(toLevel);
}

/** Creates an empty stock row when a product has never been stocked in that warehouse. */
export async function ensureStockRow(db: Queryable, key: StockKey): Promise<void> {
  await db.query(
    `INSERT INTO inventory.stock (sku, warehouse_id) VALUES ($1, $2)
     ON CONFLICT (sku, warehouse_id) DO NOTHING`,
    [key.sku, key.warehouseId],
  );
}

/**
 * Applies deltas to stock rows, each only if the row stays valid (nothing negative, never
 * more reserved than on hand). Throws when any row refused, so the caller's transaction
 * rolls back as a whole: the caller locked and checked the rows, so a refusal is a bug.
 * Each key must appear at most once.
 */
export async function applyStockDeltas(
  db: Queryable,
  deltas: readonly StockDelta[],
): Promise<StockChange[]> {
  if (deltas.length === 0) return [];
  const { rows } = await db.query<{
    sku: string;
    warehouse_id: string;
    region: StockChange['region'];
    on_hand: number;
    reserved: number;
    d_on_hand: number;
    d_reserved: number;
    low_stock_threshold: number;
  }>(
    `UPDATE inventory.stock s
        SET on_hand = s.on_hand + d.d_on_hand,
            reserved = s.reserved + d.d_reserved,
            updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
              AS d(sku, warehouse_id, d_on_hand, d_reserved),
            inventory.warehouses w
      WHERE s.sku = d.sku AND s.warehouse_id = d.warehouse_id AND w.id = s.warehouse_id
        AND s.on_hand + d.d_on_hand >= 0
        AND s.reserved + d.d_reserved >= 0
        AND s.reserved + d.d_reserved <= s.on_hand + d.d_on_hand
      RETURNING s.sku, s.warehouse_id, w.region, s.on_hand, s.reserved, d.d_on_hand, d.d_reserved,
                s.low_stock_threshold`,
    [
      deltas.map((d) => d.sku),
      deltas.map((d) => d.warehouseId),
      deltas.map((d) => d.onHandDelta),
      deltas.map((d) => d.reservedDelta),
    ],
  );
  if (rows.length !== deltas.length) {
    throw new Error(
      `stock guard refused ${deltas.length - rows.length} of ${deltas.length} changes`,
    );
  }
  return rows.map((r) => ({
    sku: r.sku,
    warehouseId: r.warehouse_id,
    region: r.region,
    oldOnHand: r.on_hand - r.d_on_hand,
    newOnHand: r.on_hand,
    oldReserved: r.reserved - r.d_reserved,
    newReserved: r.reserved,
    lowStockThreshold: r.low_stock_threshold,
  }));
}
