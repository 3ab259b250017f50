import {
  addressSchema,
  orderLinesSchema,
  regionSchema,
  safeText,
  uuidSchema,
} from '@globalretail/service-kit';
import { z } from 'zod';

const email = z.string().trim().toLowerCase().pipe(z.email('not an email address').max(254));

export const idParams = z.object({ id: uuidSchema });

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1).max(200),
});

export const signUpBody = z.strictObject({
  email,
  name: safeText(120),
  region: regionSchema,
  password: z.string().min(10, 'a password has at least 10 characters').max(200),
  address: addressSchema.optional(),
});

export const placeOrderBody = z.strictObject({
  lines: orderLinesSchema,
  shipTo: addressSchema.optional(),
  serviceLevel: z.enum(['standard', 'express']).default('standard'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const orderSearchQuery = z.object({
  customerEmail: email.optional(),
  // Spaces, dashes and case as people type them; the stored form is compact upper case.
  trackingNumber: z
    .string()
    .transform((t) => t.toUpperCase().replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[A-Z0-9]{8,40}$/, 'a tracking number is 8-40 letters and digits'))
    .optional(),
  status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,100}$/;

export { orderViewSchema as orderSchema } from '../domain/order-view';

const address = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['customer', 'operator']),
  region: regionSchema,
});

export const loginResponse = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  user: userSchema,
});

export const customerSchema = userSchema.extend({
  address: address.nullable(),
  createdAt: z.string(),
});

export const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
