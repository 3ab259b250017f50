import type { Queryable } from '@globalretail/service-kit';
import type { LowStockAlert, RangeFilter } from '../domain/types';

export async function insertLowStockAlert(
  db: Queryable,
  alert: Omit<LowStockAlert, 'occurredAt'> & { sequence: number; occurredAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO supply_analytics.low_stock_alerts
       (event_id, sequence, sku, warehouse_id, region, on_hand, reserved, available, threshold, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      alert.eventId,
      alert.sequence,
      alert.sku,
      alert.warehouseId,
      alert.region,
      alert.onHand,
      alert.reserved,
      alert.available,
      alert.threshold,
      alert.occurredAt,
    ],
  );
}

/** Alerts newest first, with how many match in all (the list itself is capped at `limit`). */
export async function listLowStockAlerts(
  db: Queryable,
  filter: RangeFilter & { sku?: string; limit: number },
): Promise<{ total: number; alerts: LowStockAlert[] }> {
  const { rows } = await db.query<{
    event_id: string;
    sku: string;
    warehouse_id: string;
    region: string | null;
    on_hand: number;
    reserved: number;
    available: number;
    threshold: number;
    occurred_at: Date;
    total: number;
  }>(
    `SELECT event_id, sku, warehouse_id, region, on_hand, reserved, available, threshold,
            occurred_at, count(*) OVER () AS total
       FROM supply_analytics.low_stock_alerts
      WHERE ($1::text IS NULL OR region = $1)
        AND ($2::text IS NULL OR sku = $2)
        AND ($3::timestamptz IS NULL OR occurred_at >= $3)
        AND ($4::timestamptz IS NULL OR occurred_at < $4)
      ORDER BY occurred_at DESC, sequence DESC
      LIMIT $5`,
    [
      filter.region ?? null,
      filter.sku ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.limit,
    ],
  );
  return {
    total: rows[0]?.total ?? 0,
    alerts: rows.map((r) => ({
      eventId: r.event_id,
      sku: r.sku,
      warehouseId: r.warehouse_id,
      region: r.region,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.available,
      threshold: r.threshold,
      occurredAt: r.occurred_at.toISOString(),
    })),
  };
}
