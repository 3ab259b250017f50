import { z } from 'zod';
import { REGIONS } from './config';

/** Schemas several services share, so a SKU or a quantity means the same everywhere. */
export const skuSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'a SKU is 3-32 upper-case letters, digits and dashes');

/** A whole number of units: not zero, not negative, not fractional, not absurd. */
export const quantitySchema = z
  .number({ error: 'quantity must be a number' })
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(1000, 'quantity must be at most 1000');

export const regionSchema = z.enum(REGIONS);
export const uuidSchema = z.uuid();

/** Free text from outside: trimmed, bounded, no control characters. */
export const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const addressSchema = z.object({
  name: safeText(120),
  line1: safeText(200),
  line2: safeText(200).optional(),
  city: safeText(100),
  postalCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 -]{2,12}$/, 'postal code looks wrong'),
  country: z.string().regex(/^[A-Z]{2}$/, 'country is an ISO 3166-1 alpha-2 code like US or DE'),
});
export type Address = z.infer<typeof addressSchema>;

export const orderLineSchema = z.object({ sku: skuSchema, quantity: quantitySchema });
export const orderLinesSchema = z
  .array(orderLineSchema)
  .min(1, 'an order needs at least one line')
  .max(50, 'an order has at most 50 lines')
  .refine(
    (lines) => new Set(lines.map((l) => l.sku)).size === lines.length,
    'each SKU may appear once per order',
  );
export type OrderLine = z.infer<typeof orderLineSchema>;
