import type { DeliveredEvent, Region } from '@globalretail/service-kit';
import { regionSchema } from '@globalretail/service-kit';
import { z } from 'zod';

/** The crm-api events this service projects; anything else is acknowledged and ignored. */
export const CONSUMED_EVENT_TYPES = [
  'order.placed',
  'order.confirmed',
  'order.failed',
  'customer.registered',
] as const;

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';

export interface SoldLine {
  sku: string;
  productName: string;
  quantity: number;
  unitPriceCents: number;
}

/** What one order event says about an order. */
export interface OrderEvent {
  kind: 'order';
  eventId: string;
  orderId: string;
  customerId: string;
  region: Region;
  currency: string;
  totalCents: number;
  /** The status the event reports: PENDING for order.placed. */
  status: OrderStatus;
  /** When that status took effect. */
  at: Date;
  /** When the order was placed, when the event says so. */
  placedAt: Date | undefined;
  lines: SoldLine[] | undefined;
  failureReason: string | null;
}

export interface CustomerEvent {
  kind: 'customer';
  eventId: string;
  customerId: string;
  region: string;
  role: string;
  registeredAt: Date;
}

export type ParsedEvent =
  | OrderEvent
  | CustomerEvent
  | { kind: 'ignored'; eventId: string }
  | { kind: 'malformed'; eventId: string; issues: string[] };

const timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const lineSchema = z.object({
  sku: z.string().min(1).max(64),
  productName: z.string().max(500),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPriceCents: cents,
});

const orderFields = {
  orderId: z.uuid(),
  customerId: z.uuid(),
  region: regionSchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
  totalCents: cents,
  placedAt: timestamp.optional(),
};

const placedPayload = z.object({ ...orderFields, lines: z.array(lineSchema).min(1).max(1000) });
const endedPayload = z.object({
  ...orderFields,
  // Older crm-api versions sent neither lines nor times on endings: both are optional.
  lines: z.array(lineSchema).min(1).max(1000).optional(),
  confirmedAt: timestamp.optional(),
  failedAt: timestamp.optional(),
  failureReason: z.string().max(2000).nullish(),
});
const customerPayload = z.object({
  customerId: z.uuid(),
  region: z.string().min(1).max(40),
  role: z.string().min(1).max(40),
  registeredAt: timestamp.optional(),
});

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);

/**
 * Reads a delivered event into what the projection needs. Times come from the event: the
 * payload's own `placedAt`/`confirmedAt`/`failedAt`/`registeredAt` when present, else the
 * outbox's `occurredAt` (written in the same transaction as the change it reports).
 */
export function parseEvent(event: DeliveredEvent): ParsedEvent {
  const { eventId } = event;
  if (!(CONSUMED_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return { kind: 'ignored', eventId };
  }
  const occurred = timestamp.safeParse(event.occurredAt);
  if (!occurred.success) return { kind: 'malformed', eventId, issues: issuesOf(occurred.error) };
  const occurredAt = occurred.data;

  if (event.type === 'customer.registered') {
    const parsed = customerPayload.safeParse(event.payload);
    if (!parsed.success) return { kind: 'malformed', eventId, issues: issuesOf(parsed.error) };
    const p = parsed.data;
    return {
      kind: 'customer',
      eventId,
      customerId: p.customerId,
      region: p.region,
      role: p.role,
      registeredAt: p.registeredAt ?? occurredAt,
    };
  }

  if (event.type === 'order.placed') {
    const parsed = placedPayload.safeParse(event.payload);
    if (!parsed.success) return { kind: 'malformed', eventId, issues: issuesOf(parsed.error) };
    const p = parsed.data;
    const placedAt = p.placedAt ?? occurredAt;
    return {
      kind: 'order',
      eventId,
      orderId: p.orderId,
      customerId: p.customerId,
      region: p.region,
      currency: p.currency,
      totalCents: p.totalCents,
      status: 'PENDING',
      at: placedAt,
      placedAt,
      lines: p.lines,
      failureReason: null,
    };
  }

  const parsed = endedPayload.safeParse(event.payload);
  if (!parsed.success) return { kind: 'malformed', eventId, issues: issuesOf(parsed.error) };
  const p = parsed.data;
  const confirmed = event.type === 'order.confirmed';
  return {
    kind: 'order',
    eventId,
    orderId: p.orderId,
    customerId: p.customerId,
    region: p.region,
    currency: p.currency,
    totalCents: p.totalCents,
    status: confirmed ? 'CONFIRMED' : 'FAILED',
    at: (confirmed ? p.confirmedAt : p.failedAt) ?? occurredAt,
    placedAt: p.placedAt,
    lines: p.lines,
    failureReason: confirmed ? null : (p.failureReason ?? null),
  };
}
