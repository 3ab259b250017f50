import {
  orderLineSchema,
  orderLinesSchema,
  regionSchema,
  safeText,
  skuSchema,
  uuidSchema,
} from '@globalretail/service-kit';
import { z } from 'zod';

/** Request shapes. Identifiers are checked against strict patterns, so hostile text never reaches SQL. */
export const reservationIdSchema = uuidSchema.transform((id) => id.toLowerCase());
export const warehouseIdSchema = z
  .string()
  .regex(/^wh-[a-z0-9][a-z0-9-]{1,40}$/, 'a warehouse id looks like wh-us-east-1');
export const orderIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
    'an order id is 1-64 letters, digits, dots, dashes, colons or underscores',
  );

export const skuParams = z.object({ sku: skuSchema });
export const productIdParams = z.object({ productId: skuSchema });
export const reservationParams = z.object({ id: reservationIdSchema });

export const productsQuery = z.object({
  category: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,59}$/, 'a category is lower-case letters, digits and dashes')
    .optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const adjustStockBody = z.object({
  warehouseId: warehouseIdSchema,
  onHand: z
    .number({ error: 'onHand must be a number' })
    .int('onHand must be a whole number')
    .min(0, 'onHand cannot be negative')
    .max(1_000_000, 'onHand must be at most 1000000'),
  reason: safeText(200).optional(),
  /**
   * The person a calling service acts for (e.g. the portal's signed-in operator), recorded in
   * the audit trail next to the service's own name. Only services may send it.
   */
  onBehalfOf: safeText(200).optional(),
});

export const inventoryListQuery = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const stockHistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  change: z.enum(['adjust', 'reserve', 'commit', 'release', 'expire']).optional(),
});

export const stockHistorySchema = z.object({
  sku: z.string(),
  entries: z.array(
    z.object({
      id: z.number().int(),
      sku: z.string(),
      warehouseId: z.string(),
      change: z.enum(['adjust', 'reserve', 'commit', 'release', 'expire']),
      oldOnHand: z.number().int(),
      newOnHand: z.number().int(),
      oldReserved: z.number().int().nullable(),
      newReserved: z.number().int().nullable(),
      actorKind: z.enum(['operator', 'service', 'system']),
      actor: z.string(),
      actorId: z.string().nullable(),
      reason: z.string(),
      reservationId: z.string().nullable(),
      at: z.string(),
    }),
  ),
});

export const reserveBody = z.object({
  reservationId: reservationIdSchema,
  orderId: orderIdSchema,
  region: regionSchema,
  lines: orderLinesSchema,
  ttlSeconds: z.number().int().min(1).max(3600).optional(),
});

/** Answer shapes, for the OpenAPI document. */
const availabilitySchema = z.object({ 'us-east-1': z.number(), 'eu-west-1': z.number() });

export const productSchema = z.object({
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  priceCents: z.number().int(),
  currency: z.literal('USD'),
  active: z.boolean(),
  availability: availabilitySchema,
  totalAvailable: z.number().int(),
});

export const warehouseSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: regionSchema,
  city: z.string(),
  country: z.string(),
});

const totalsSchema = z.object({
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});

export const inventorySchema = z.object({
  sku: z.string(),
  name: z.string(),
  active: z.boolean(),
  warehouses: z.array(
    z.object({
      warehouseId: z.string(),
      region: regionSchema,
      onHand: z.number().int(),
      reserved: z.number().int(),
      available: z.number().int(),
      lowStockThreshold: z.number().int(),
      low: z.boolean(),
      updatedAt: z.string().nullable(),
    }),
  ),
  byRegion: z.object({ 'us-east-1': totalsSchema, 'eu-west-1': totalsSchema }),
  totals: totalsSchema,
});

export const reservationSchema = z.object({
  reservationId: z.string(),
  orderId: z.string().nullable(),
  status: z.enum(['HELD', 'COMMITTED', 'RELEASED', 'EXPIRED']),
  region: regionSchema.nullable(),
  expiresAt: z.string().nullable(),
  allocations: z.array(
    z.object({ warehouseId: z.string(), region: regionSchema, lines: z.array(orderLineSchema) }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
