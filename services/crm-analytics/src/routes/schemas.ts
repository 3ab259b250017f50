import { REGIONS } from '@globalretail/service-kit';
import { z } from 'zod';

/** Answer schemas of the sales API (documentation in /openapi.json). */
const cents = z.number().int().describe('integer cents');
const rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe('confirmed / placed; null when none placed');

export const filtersEcho = z.object({
  from: z.string(),
  to: z.string(),
  region: z.enum(REGIONS).nullable(),
  currency: z.string(),
});

const counts = {
  placedOrders: z.number().int(),
  confirmedOrders: z.number().int(),
  failedOrders: z.number().int(),
  pendingOrders: z.number().int(),
  revenueCents: cents,
  conversionRate: rate,
  averageOrderValueCents: cents.nullable().describe('confirmed revenue / confirmed orders'),
};

const report = { filters: filtersEcho, basis: z.array(z.string()) };

export const byDaySchema = z.object({
  ...report,
  days: z.array(z.object({ day: z.string(), ...counts })),
  totals: z.object(counts),
});

export const byRegionSchema = z.object({
  ...report,
  regions: z.array(z.object({ region: z.enum(REGIONS), ...counts })),
});

export const byProductSchema = z.object({
  ...report,
  products: z.array(
    z.object({
      sku: z.string(),
      productName: z.string(),
      unitsSold: z.number().int(),
      confirmedOrders: z.number().int(),
      revenueCents: cents,
    }),
  ),
  productCount: z.number().int().describe('products sold in the range, before the limit'),
});

export const topCustomersSchema = z.object({
  ...report,
  customers: z.array(
    z.object({
      customerId: z.uuid(),
      region: z.enum(REGIONS),
      confirmedOrders: z.number().int(),
      placedOrders: z.number().int(),
      revenueCents: cents,
      averageOrderValueCents: cents.nullable(),
      lastOrderAt: z.string().describe('when their latest confirmed order in the range was placed'),
    }),
  ),
  customerCount: z.number().int().describe('customers with confirmed orders, before the limit'),
});

export const averageOrderValueSchema = z.object({
  ...report,
  confirmedOrders: z.number().int(),
  revenueCents: cents,
  averageOrderValueCents: cents.nullable(),
});

export const conversionSchema = z.object({
  ...report,
  placedOrders: z.number().int(),
  confirmedOrders: z.number().int(),
  failedOrders: z.number().int(),
  pendingOrders: z.number().int(),
  conversionRate: rate,
});

const status = z.enum(['PENDING', 'CONFIRMED', 'FAILED']);
export const projectedOrderSchema = z.object({
  orderId: z.uuid(),
  customerId: z.uuid(),
  region: z.enum(REGIONS),
  currency: z.string(),
  totalCents: cents,
  status,
  placedAt: z.string(),
  placedOn: z.string().describe('the UTC day the order counts on'),
  endedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  lines: z.array(
    z.object({
      sku: z.string(),
      productName: z.string(),
      quantity: z.number().int(),
      unitPriceCents: cents,
    }),
  ),
  history: z.array(z.object({ status, at: z.string(), applied: z.boolean() })),
});
