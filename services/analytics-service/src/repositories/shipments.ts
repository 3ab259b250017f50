import type { Queryable } from '@globalretail/service-kit';
import type { RangeFilter } from '../domain/types';

export interface CreatedShipment {
  shipmentId: string;
  orderId: string | null;
  trackingNumber: string | null;
  carrier: string | null;
  serviceLevel: string | null;
  originRegion: string | null;
  originWarehouseId: string | null;
  destinationCountry: string | null;
  promisedAt: Date;
  createdAt: Date;
  status: string;
  sequence: number;
}

/**
 * Records a shipment's creation. Its status only wins when no later status change of the same
 * shipment has been seen already (a redelivered create after its status changes).
 */
export async function upsertCreatedShipment(db: Queryable, s: CreatedShipment): Promise<void> {
  await db.query(
    `INSERT INTO supply_analytics.shipments AS s
       (shipment_id, order_id, tracking_number, carrier, service_level, origin_region,
        origin_warehouse_id, destination_country, promised_at, created_at,
        status, status_sequence, status_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $10)
     ON CONFLICT (shipment_id) DO UPDATE SET
       order_id = coalesce(EXCLUDED.order_id, s.order_id),
       tracking_number = coalesce(EXCLUDED.tracking_number, s.tracking_number),
       carrier = coalesce(EXCLUDED.carrier, s.carrier),
       service_level = EXCLUDED.service_level,
       origin_region = EXCLUDED.origin_region,
       origin_warehouse_id = EXCLUDED.origin_warehouse_id,
       destination_country = EXCLUDED.destination_country,
       promised_at = EXCLUDED.promised_at,
       created_at = EXCLUDED.created_at,
       status = CASE WHEN EXCLUDED.status_sequence > s.status_sequence
                     THEN EXCLUDED.status ELSE s.status END,
       status_at = CASE WHEN EXCLUDED.status_sequence > s.status_sequence
                        THEN EXCLUDED.status_at ELSE s.status_at END,
       status_sequence = greatest(s.status_sequence, EXCLUDED.status_sequence)`,
    [
      s.shipmentId,
      s.orderId,
      s.trackingNumber,
      s.carrier,
      s.serviceLevel,
      s.originRegion,
      s.originWarehouseId,
      s.destinationCountry,
      s.promisedAt,
      s.createdAt,
      s.status,
      s.sequence,
    ],
  );
}

export interface ShipmentStatusChange {
  shipmentId: string;
  orderId: string | null;
  trackingNumber: string | null;
  carrier: string | null;
  to: string;
  occurredAt: Date;
  sequence: number;
}

/**
 * Moves a shipment to a status unless a later one (higher sequence) is already recorded. A
 * status change that arrives before the shipment's creation makes a row the creation fills
 * in. The delivery time is kept whatever the order of arrival: DELIVERED is final.
 */
export async function upsertShipmentStatus(
  db: Queryable,
  change: ShipmentStatusChange,
): Promise<void> {
  await db.query(
    `INSERT INTO supply_analytics.shipments AS s
       (shipment_id, order_id, tracking_number, carrier, status, status_sequence, status_at, delivered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5 = 'DELIVERED' THEN $7::timestamptz END)
     ON CONFLICT (shipment_id) DO UPDATE SET
       order_id = coalesce(s.order_id, EXCLUDED.order_id),
       tracking_number = coalesce(s.tracking_number, EXCLUDED.tracking_number),
       carrier = coalesce(s.carrier, EXCLUDED.carrier),
       status = CASE WHEN EXCLUDED.status_sequence > s.status_sequence
                     THEN EXCLUDED.status ELSE s.status END,
       status_at = CASE WHEN EXCLUDED.status_sequence > s.status_sequence
                        THEN EXCLUDED.status_at ELSE s.status_at END,
       status_sequence = greatest(s.status_sequence, EXCLUDED.status_sequence),
       delivered_at = coalesce(s.delivered_at, EXCLUDED.delivered_at)`,
    [
      change.shipmentId,
      change.orderId,
      change.trackingNumber,
      change.carrier,
      change.to,
      change.sequence,
      change.occurredAt,
    ],
  );
}

/** Shipments per origin region and status; a date range selects by creation time. */
export async function shipmentStatusCounts(
  db: Queryable,
  filter: RangeFilter,
): Promise<{ region: string | null; status: string; count: number }[]> {
  const { rows } = await db.query<{ region: string | null; status: string; count: number }>(
    `SELECT origin_region AS region, status, count(*)::int AS count
       FROM supply_analytics.shipments
      WHERE ($1::text IS NULL OR origin_region = $1)
        AND ($2::timestamptz IS NULL OR created_at >= $2)
        AND ($3::timestamptz IS NULL OR created_at < $3)
      GROUP BY origin_region, status
      ORDER BY origin_region NULLS LAST, status`,
    [filter.region ?? null, filter.from ?? null, filter.to ?? null],
  );
  return rows;
}

/**
 * Delivered shipments per origin region: on time when delivered at or before the ETA given
 * at creation. A date range selects by delivery time. Deliveries whose creation has not been
 * seen (no promise known) are counted apart.
 */
export async function deliveryPunctuality(
  db: Queryable,
  filter: RangeFilter,
): Promise<{ region: string | null; delivered: number; onTime: number; unknownPromise: number }[]> {
  const { rows } = await db.query<{
    region: string | null;
    delivered: number;
    on_time: number;
    unknown_promise: number;
  }>(
    `SELECT origin_region AS region,
            count(*) FILTER (WHERE promised_at IS NOT NULL)::int AS delivered,
            count(*) FILTER (WHERE delivered_at <= promised_at)::int AS on_time,
            count(*) FILTER (WHERE promised_at IS NULL)::int AS unknown_promise
       FROM supply_analytics.shipments
      WHERE delivered_at IS NOT NULL
        AND ($1::text IS NULL OR origin_region = $1)
        AND ($2::timestamptz IS NULL OR delivered_at >= $2)
        AND ($3::timestamptz IS NULL OR delivered_at < $3)
      GROUP BY origin_region
      ORDER BY origin_region NULLS LAST`,
    [filter.region ?? null, filter.from ?? null, filter.to ?? null],
  );
  return rows.map((r) => ({
    region: r.region,
    delivered: r.delivered,
    onTime: r.on_time,
    unknownPromise: r.unknown_promise,
  }));
}
