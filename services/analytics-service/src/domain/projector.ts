import {
  consumeEvents,
  type DeliveredEvent,
  type Logger,
  type Pool,
  type PoolClient,
} from '@globalretail/service-kit';
import type { z } from 'zod';
import type { AnalyticsMetrics } from '../metrics';
import { insertLowStockAlert } from '../repositories/alerts';
import { upsertCreatedShipment, upsertShipmentStatus } from '../repositories/shipments';
import { applyAbsoluteLevel, insertMovements, type Movement } from '../repositories/stock';
import { insertFinishedSupplyOrder } from '../repositories/supply-orders';
import {
  reservationPayload,
  shipmentCreatedPayload,
  shipmentStatusChangedPayload,
  stockAdjustedPayload,
  stockLowPayload,
  supplyOrderFinishedPayload,
} from './events';
import { CHANGE_CHANNEL, SCHEMA } from './types';

type Handler = {
  schema: z.ZodType;
  apply: (tx: PoolClient, event: DeliveredEvent, payload: never) => Promise<void>;
};

/** How each reservation event moves on-hand and reserved units, per allocated line. */
const MOVEMENT_EFFECT = {
  'stock.reserved': { kind: 'reserved', onHand: 0, reserved: 1 },
  'stock.committed': { kind: 'committed', onHand: -1, reserved: -1 },
  'stock.released': { kind: 'released', onHand: 0, reserved: -1 },
} as const;

function reservationMovements(
  event: DeliveredEvent,
  payload: z.infer<typeof reservationPayload>,
): Movement[] {
  const effect = MOVEMENT_EFFECT[event.type as keyof typeof MOVEMENT_EFFECT];
  return payload.allocations.flatMap((allocation) =>
    allocation.lines.map((line) => ({
      eventId: event.eventId,
      sequence: event.sequence,
      occurredAt: new Date(event.occurredAt),
      kind: effect.kind,
      reservationId: payload.reservationId,
      sku: line.sku,
      warehouseId: allocation.warehouseId,
      region: allocation.region ?? null,
      onHandDelta: effect.onHand * line.quantity,
      reservedDelta: effect.reserved * line.quantity,
    })),
  );
}

const reservationHandler: Handler = {
  schema: reservationPayload,
  apply: (tx, event, payload: z.infer<typeof reservationPayload>) =>
    insertMovements(tx, reservationMovements(event, payload)),
};

/**
 * What each consumed event does to the read models. Every handler is safe to run on its own
 * in any order relative to others: movements are sums (order does not matter), absolute
 * levels and shipment statuses only ever move forward by the producer's outbox sequence, and
 * finished orders are written once. Together with the inbox (one transaction per event),
 * duplicates, redeliveries out of order and restarts never double count.
 */
const HANDLERS: Record<string, Handler> = {
  'stock.reserved': reservationHandler,
  'stock.committed': reservationHandler,
  'stock.released': reservationHandler,
  'stock.adjusted': {
    schema: stockAdjustedPayload,
    apply: async (tx, event, p: z.infer<typeof stockAdjustedPayload>) => {
      await applyAbsoluteLevel(tx, {
        sku: p.sku,
        warehouseId: p.warehouseId,
        region: p.region ?? null,
        onHand: p.onHand,
        reserved: p.reserved,
        threshold: null,
        sequence: event.sequence,
        at: new Date(event.occurredAt),
      });
    },
  },
  'stock.low': {
    schema: stockLowPayload,
    apply: async (tx, event, p: z.infer<typeof stockLowPayload>) => {
      await applyAbsoluteLevel(tx, {
        sku: p.sku,
        warehouseId: p.warehouseId,
        region: p.region ?? null,
        onHand: p.onHand,
        reserved: p.reserved,
        threshold: p.threshold,
        sequence: event.sequence,
        at: new Date(event.occurredAt),
      });
      await insertLowStockAlert(tx, {
        eventId: event.eventId,
        sequence: event.sequence,
        sku: p.sku,
        warehouseId: p.warehouseId,
        region: p.region ?? null,
        onHand: p.onHand,
        reserved: p.reserved,
        available: p.available,
        threshold: p.threshold,
        occurredAt: new Date(event.occurredAt),
      });
    },
  },
  'shipment.created': {
    schema: shipmentCreatedPayload,
    apply: (tx, event, p: z.infer<typeof shipmentCreatedPayload>) =>
      upsertCreatedShipment(tx, {
        shipmentId: p.shipmentId,
        orderId: p.orderId ?? null,
        trackingNumber: p.trackingNumber ?? null,
        carrier: p.carrier ?? null,
        serviceLevel: p.serviceLevel ?? null,
        originRegion: p.originRegion ?? null,
        originWarehouseId: p.originWarehouseId ?? null,
        destinationCountry: p.destination?.country ?? null,
        promisedAt: new Date(p.estimatedDeliveryAt),
        createdAt: new Date(p.createdAt),
        status: p.status,
        sequence: event.sequence,
      }),
  },
  'shipment.status_changed': {
    schema: shipmentStatusChangedPayload,
    apply: (tx, event, p: z.infer<typeof shipmentStatusChangedPayload>) =>
      upsertShipmentStatus(tx, {
        shipmentId: p.shipmentId,
        orderId: p.orderId ?? null,
        trackingNumber: p.trackingNumber ?? null,
        carrier: p.carrier ?? null,
        to: p.to,
        // The carrier's scan time (simulated), not when the clock got round to it.
        occurredAt: new Date(p.occurredAt),
        sequence: event.sequence,
      }),
  },
  'supply-order.confirmed': {
    schema: supplyOrderFinishedPayload,
    apply: async (tx, event, p: z.infer<typeof supplyOrderFinishedPayload>) => {
      await insertFinishedSupplyOrder(tx, finishedOrder(event, p, 'CONFIRMED'));
    },
  },
  'supply-order.failed': {
    schema: supplyOrderFinishedPayload,
    apply: async (tx, event, p: z.infer<typeof supplyOrderFinishedPayload>) => {
      await insertFinishedSupplyOrder(tx, finishedOrder(event, p, 'FAILED'));
    },
  },
};

function finishedOrder(
  event: DeliveredEvent,
  p: z.infer<typeof supplyOrderFinishedPayload>,
  status: 'CONFIRMED' | 'FAILED',
) {
  return {
    supplyOrderId: p.supplyOrderId,
    orderId: p.orderId,
    customerId: p.customerId ?? null,
    region: p.region ?? null,
    status,
    lines: p.lines,
    failureCode: status === 'FAILED' ? (p.failureCode ?? null) : null,
    finishedAt: new Date(event.occurredAt),
    eventId: event.eventId,
  };
}

export type EventOutcome = 'applied' | 'ignored' | 'malformed';

/** Turns delivered events into read-model rows, each exactly once (kit inbox). */
export class SupplyProjector {
  constructor(private readonly deps: { pool: Pool; logger: Logger; metrics: AnalyticsMetrics }) {}

  async consume(events: DeliveredEvent[]): Promise<{ handled: number; duplicates: number }> {
    const outcomes: { type: string; outcome: EventOutcome }[] = [];
    const result = await consumeEvents(this.deps.pool, SCHEMA, events, async (tx, event) => {
      const outcome = await this.apply(tx, event);
      outcomes.push({ type: event.type, outcome });
    });
    for (const { type, outcome } of outcomes) {
      this.deps.metrics.events.inc({ type: HANDLERS[type] ? type : 'other', result: outcome });
    }
    if (result.duplicates > 0) {
      this.deps.metrics.events.inc({ type: 'any', result: 'duplicate' }, result.duplicates);
    }
    return result;
  }

  private async apply(tx: PoolClient, event: DeliveredEvent): Promise<EventOutcome> {
    const handler = HANDLERS[event.type];
    if (!handler) return 'ignored';
    const payload = handler.schema.safeParse(event.payload);
    if (!payload.success || Number.isNaN(Date.parse(event.occurredAt))) {
      this.deps.logger.warn(
        { eventId: event.eventId, type: event.type, issues: payload.error?.issues },
        'skipping a malformed event',
      );
      return 'malformed';
    }
    await handler.apply(tx, event, payload.data as never);
    // Delivered at commit to every replica listening, which refresh their live streams.
    await tx.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, event.type]);
    return 'applied';
  }
}
