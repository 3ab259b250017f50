import type { Queryable } from '@globalretail/service-kit';
import type { ShipmentStatus, Transition } from '../domain/journey';
import type { LiveShipment, NewShipment, ShipmentRecord, TrackingEvent } from '../domain/types';

interface ShipmentRow {
  id: string;
  order_id: string | null;
  tracking_number: string | null;
  carrier: string | null;
  carrier_service: string | null;
  carrier_offering: string | null;
  service_level: ShipmentRecord['serviceLevel'];
  status: ShipmentStatus;
  origin_warehouse_id: string | null;
  origin_region: ShipmentRecord['originRegion'];
  origin_city: string | null;
  origin_country: string | null;
  hub_location: string | null;
  destination: ShipmentRecord['destination'];
  items: ShipmentRecord['items'];
  cost_cents: number | null;
  currency: string | null;
  planned_transit_ms: number | null;
  delay_ms: number;
  estimated_delivery_at: Date | null;
  next_transition_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: ShipmentRow): ShipmentRecord => ({
  id: r.id,
  orderId: r.order_id,
  trackingNumber: r.tracking_number,
  carrier: r.carrier,
  carrierService: r.carrier_service,
  carrierOffering: r.carrier_offering,
  serviceLevel: r.service_level,
  status: r.status,
  originWarehouseId: r.origin_warehouse_id,
  originRegion: r.origin_region,
  originCity: r.origin_city,
  originCountry: r.origin_country,
  hubLocation: r.hub_location,
  destination: r.destination,
  items: r.items,
  costCents: r.cost_cents,
  currency: r.currency,
  plannedTransitMs: r.planned_transit_ms,
  delayMs: r.delay_ms,
  estimatedDeliveryAt: r.estimated_delivery_at,
  nextTransitionAt: r.next_transition_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const TRACKING_NUMBER_CONSTRAINT = 'shipments_tracking_number_key';

/** True for the (astronomically unlikely) clash of two random tracking numbers. */
export function isTrackingNumberCollision(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === TRACKING_NUMBER_CONSTRAINT;
}

// Final statuses spelled as in the partial index, so the clock's query can use it.
const NOT_FINAL = `status NOT IN ('DELIVERED', 'CANCELLED')`;

/** All SQL about shipments and their timeline. Functions take the pool or a transaction. */
export const shipmentsRepository = {
  async findById(db: Queryable, id: string): Promise<ShipmentRecord | undefined> {
    const { rows } = await db.query<ShipmentRow>(
      'SELECT * FROM logistics.shipments WHERE id = $1',
      [id],
    );
    return rows[0] && toRecord(rows[0]);
  },

  async findByIdForUpdate(db: Queryable, id: string): Promise<ShipmentRecord | undefined> {
    const { rows } = await db.query<ShipmentRow>(
      'SELECT * FROM logistics.shipments WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0] && toRecord(rows[0]);
  },

  async findByOrderId(db: Queryable, orderId: string): Promise<ShipmentRecord[]> {
    const { rows } = await db.query<ShipmentRow>(
      'SELECT * FROM logistics.shipments WHERE order_id = $1 ORDER BY created_at, id',
      [orderId],
    );
    return rows.map(toRecord);
  },

  async findByTrackingNumber(
    db: Queryable,
    trackingNumber: string,
  ): Promise<LiveShipment | undefined> {
    const { rows } = await db.query<ShipmentRow>(
      'SELECT * FROM logistics.shipments WHERE tracking_number = $1',
      [trackingNumber],
    );
    return rows[0] && (toRecord(rows[0]) as LiveShipment);
  },

  /** Inserts the shipment unless its id exists; undefined when it did (the caller re-reads). */
  async insertIfAbsent(db: Queryable, s: NewShipment): Promise<ShipmentRecord | undefined> {
    const { rows } = await db.query<ShipmentRow>(
      `INSERT INTO logistics.shipments (
         id, order_id, tracking_number, carrier, carrier_service, carrier_offering, service_level,
         status, origin_warehouse_id, origin_region, origin_city, origin_country, hub_location,
         destination, items, cost_cents, currency, planned_transit_ms, estimated_delivery_at,
         next_transition_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'LABEL_CREATED', $8, $9, $10, $11, $12,
               $13::jsonb, $14::jsonb, $15, $16, $17, $18, $19, $20, $20)
       ON CONFLICT (id) DO NOTHING
       RETURNING *`,
      [
        s.id,
        s.orderId,
        s.trackingNumber,
        s.carrier,
        s.carrierService,
        s.carrierOffering,
        s.serviceLevel,
        s.originWarehouseId,
        s.originRegion,
        s.originCity,
        s.originCountry,
        s.hubLocation,
        JSON.stringify(s.destination),
        JSON.stringify(s.items),
        s.costCents,
        s.currency,
        s.plannedTransitMs,
        s.estimatedDeliveryAt,
        s.nextTransitionAt,
        s.createdAt,
      ],
    );
    return rows[0] && toRecord(rows[0]);
  },

  /** A CANCELLED row for an id never created, so a late create is refused. */
  async insertTombstoneIfAbsent(
    db: Queryable,
    id: string,
    at: Date,
  ): Promise<ShipmentRecord | undefined> {
    const { rows } = await db.query<ShipmentRow>(
      `INSERT INTO logistics.shipments (id, status, created_at, updated_at)
       VALUES ($1, 'CANCELLED', $2, $2)
       ON CONFLICT (id) DO NOTHING
       RETURNING *`,
      [id, at],
    );
    return rows[0] && toRecord(rows[0]);
  },

  /**
   * Locks up to `limit` shipments whose next step is due, skipping rows another clock (or a
   * cancel) holds, and those this tick already moved.
   */
  async lockDue(
    db: Queryable,
    now: Date,
    excludeIds: string[],
    limit: number,
  ): Promise<LiveShipment[]> {
    const { rows } = await db.query<ShipmentRow>(
      `SELECT * FROM logistics.shipments
        WHERE ${NOT_FINAL} AND next_transition_at <= $1 AND id <> ALL($2::uuid[])
        ORDER BY next_transition_at, id
        LIMIT $3
        FOR UPDATE SKIP LOCKED`,
      [now, excludeIds, limit],
    );
    return rows.map((r) => toRecord(r) as LiveShipment);
  },

  async applyTransition(
    db: Queryable,
    id: string,
    t: Pick<Transition, 'to' | 'nextTransitionAt' | 'delayMs' | 'estimatedDeliveryAt'>,
    now: Date,
  ): Promise<ShipmentRecord> {
    const { rows } = await db.query<ShipmentRow>(
      `UPDATE logistics.shipments
          SET status = $2, next_transition_at = $3, delay_ms = $4, estimated_delivery_at = $5,
              updated_at = $6
        WHERE id = $1
        RETURNING *`,
      [id, t.to, t.nextTransitionAt, t.delayMs, t.estimatedDeliveryAt, now],
    );
    return toRecord(rows[0]!);
  },

  async addEvent(db: Queryable, shipmentId: string, e: TrackingEvent): Promise<void> {
    await db.query(
      `INSERT INTO logistics.tracking_events (shipment_id, status, description, location, occurred_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [shipmentId, e.status, e.description, e.location, e.occurredAt],
    );
  },

  /** The timeline, oldest first. */
  async events(db: Queryable, shipmentId: string): Promise<TrackingEvent[]> {
    const { rows } = await db.query<{
      status: ShipmentStatus;
      description: string;
      location: string;
      occurred_at: Date;
    }>(
      `SELECT status, description, location, occurred_at FROM logistics.tracking_events
        WHERE shipment_id = $1 ORDER BY occurred_at, id`,
      [shipmentId],
    );
    return rows.map((r) => ({
      status: r.status,
      description: r.description,
      location: r.location,
      occurredAt: r.occurred_at,
    }));
  },
};
