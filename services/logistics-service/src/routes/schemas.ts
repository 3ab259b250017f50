import {
  addressSchema,
  orderLinesSchema,
  regionSchema,
  skuSchema,
  uuidSchema,
} from '@globalretail/service-kit';
import { z } from 'zod';
import { SERVICE_LEVELS } from '../domain/carriers';
import { SHIPMENT_STATUSES } from '../domain/journey';

/** Identifiers from other services (order and warehouse ids): uuids or readable codes. */
const externalId = (max: number) =>
  z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${max - 1}}$`),
      `an id of 1-${max} letters, digits, dots, colons, underscores and dashes`,
    );

export const serviceLevelSchema = z.enum(SERVICE_LEVELS);

export const createShipmentBody = z.object({
  shipmentId: uuidSchema,
  orderId: externalId(100),
  originWarehouseId: externalId(64),
  originRegion: regionSchema,
  destination: addressSchema,
  items: orderLinesSchema,
  serviceLevel: serviceLevelSchema.default('standard'),
});

export const shipmentIdParams = z.object({ id: uuidSchema });
export const listShipmentsQuery = z.object({ orderId: externalId(100) });
export const trackingParams = z.object({ trackingNumber: z.string() });

const statusSchema = z.enum(SHIPMENT_STATUSES);
const isoDate = z.string().describe('ISO 8601 timestamp');

export const shipmentSchema = z
  .object({
    id: z.string(),
    orderId: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    carrier: z.string().nullable(),
    serviceLevel: serviceLevelSchema.nullable(),
    status: statusSchema,
    originWarehouseId: z.string().nullable(),
    originRegion: regionSchema.nullable(),
    destination: addressSchema.nullable(),
    items: z.array(z.object({ sku: skuSchema, quantity: z.number().int() })).nullable(),
    costCents: z.number().int().nullable(),
    currency: z.string().nullable(),
    estimatedDeliveryAt: isoDate.nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .describe('A shipment; every field but id, status and timestamps is null on a cancel tombstone');

export const shipmentListSchema = z.object({ shipments: z.array(shipmentSchema) });

export const trackingSchema = z.object({
  trackingNumber: z.string(),
  status: statusSchema,
  carrier: z.string(),
  serviceLevel: serviceLevelSchema,
  estimatedDeliveryAt: isoDate,
  origin: z.object({ region: regionSchema, city: z.string(), country: z.string() }),
  destination: z.object({ city: z.string(), country: z.string() }),
  events: z.array(
    z.object({
      status: statusSchema,
      description: z.string(),
      location: z.string(),
      occurredAt: isoDate,
    }),
  ),
});
