import { AppError, regionSchema } from '@globalretail/service-kit';
import { z } from 'zod';
import type { Order } from '../repositories/orders';
import type { StoredAnswer } from '../repositories/idempotency-keys';

/** The order as every endpoint shows it. */
export function orderView(order: Order) {
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    region: order.region,
    lines: order.lines.map((l) => ({
      sku: l.sku,
      productName: l.productName,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
    })),
    totalCents: order.totalCents,
    currency: order.currency,
    shipTo: order.shipTo,
    serviceLevel: order.serviceLevel,
    trackingNumbers: order.trackingNumbers,
    failureReason: order.failureReason,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
export type OrderView = ReturnType<typeof orderView>;

/** What staff (operators, other services) see besides: whose order it is and its saga. */
export function staffOrderView(order: Order & { customerEmail: string }) {
  return {
    ...orderView(order),
    customerEmail: order.customerEmail,
    supplyOrderId: order.supplyOrderId,
  };
}

/** An error answer in the one error shape, for storing as a replayable answer. */
export const errorAnswer = (error: AppError): StoredAnswer => ({
  status: error.status,
  body: error.toJSON(),
});

const addressViewSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

/** The order view's shape: documents the API and puts stored answers' keys back in order. */
export const orderViewSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']),
  region: regionSchema,
  lines: z.array(
    z.object({
      sku: z.string(),
      productName: z.string(),
      quantity: z.number().int(),
      unitPriceCents: z.number().int(),
    }),
  ),
  totalCents: z.number().int(),
  currency: z.string(),
  shipTo: addressViewSchema,
  serviceLevel: z.enum(['standard', 'express']),
  trackingNumbers: z.array(z.string()),
  failureReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const errorViewSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/**
 * A stored answer as sent: jsonb keeps keys in its own order (by length), so they are put
 * back in the API's order. Deterministic, so every replay still sends the same bytes.
 */
export function presentStoredAnswer(answer: StoredAnswer): StoredAnswer {
  const schema = answer.status < 300 ? orderViewSchema : errorViewSchema;
  const parsed = schema.safeParse(answer.body);
  return parsed.success ? { status: answer.status, body: parsed.data } : answer;
}
