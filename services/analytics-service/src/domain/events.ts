import { z } from 'zod';

/**
 * The payloads this service reads, as the producers write them (inventory-service
 * src/domain/events.ts, logistics-service src/domain/events.ts, order-service
 * src/domain/saga.ts). Only the fields used are required; extra fields pass. A payload that
 * does not match is logged and skipped: redelivering it would fail the same way forever and
 * hold up every later event behind it.
 */
const id = z.string().min(1).max(200);
const count = z.number().int().min(0).max(100_000_000);
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');

const allocation = z.object({
  warehouseId: id,
  region: z.string().max(40).nullish(),
  lines: z.array(z.object({ sku: id, quantity: z.number().int().min(1).max(1_000_000) })).max(500),
});

export const reservationPayload = z.object({
  reservationId: id,
  orderId: id.nullish(),
  allocations: z.array(allocation).max(100),
});

export const stockAdjustedPayload = z.object({
  sku: id,
  warehouseId: id,
  region: z.string().max(40).nullish(),
  onHand: count,
  reserved: count,
});

export const stockLowPayload = stockAdjustedPayload.extend({
  available: z.number().int(),
  threshold: count,
});

export const shipmentCreatedPayload = z.object({
  shipmentId: id,
  orderId: id.nullish(),
  trackingNumber: id.nullish(),
  carrier: z.string().max(100).nullish(),
  serviceLevel: z.string().max(40).nullish(),
  status: z.string().min(1).max(40),
  originWarehouseId: id.nullish(),
  originRegion: z.string().max(40).nullish(),
  destination: z.object({ country: z.string().max(10).nullish() }).nullish(),
  estimatedDeliveryAt: instant,
  createdAt: instant,
});

export const shipmentStatusChangedPayload = z.object({
  shipmentId: id,
  orderId: id.nullish(),
  trackingNumber: id.nullish(),
  carrier: z.string().max(100).nullish(),
  to: z.string().min(1).max(40),
  occurredAt: instant,
});

export const supplyOrderFinishedPayload = z.object({
  orderId: id,
  supplyOrderId: id,
  customerId: id.nullish(),
  region: z.string().max(40).nullish(),
  lines: z.array(z.object({ sku: id, quantity: z.number().int().min(1).max(1_000_000) })).max(500),
  failureCode: z.string().max(200).nullish(),
});

/** Event types consumed, by producer. Anything else is recorded as seen and ignored. */
export const CONSUMED_EVENT_TYPES = {
  'inventory-service': [
    'stock.reserved',
    'stock.committed',
    'stock.released',
    'stock.adjusted',
    'stock.low',
  ],
  'logistics-service': ['shipment.created', 'shipment.status_changed'],
  'order-service': ['supply-order.confirmed', 'supply-order.failed'],
} as const;
