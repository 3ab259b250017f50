import { randomUUID } from 'node:crypto';
import type { ReferenceOrder } from './expected';

/** Delivered-event envelopes as crm-api's relay sends them, for orders a test makes up. */
export interface CraftedEvent {
  eventId: string;
  source: string;
  sequence: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

let sequence = 1;

export function envelope(
  type: string,
  aggregateId: string,
  payload: Record<string, unknown>,
  occurredAt: string,
  eventId: string = randomUUID(),
): CraftedEvent {
  return {
    eventId,
    source: 'crm-api',
    sequence: sequence++,
    type,
    aggregateType: type.split('.')[0]!,
    aggregateId,
    payload,
    occurredAt,
  };
}

export interface CraftedOrder extends ReferenceOrder {
  /** When it was confirmed or failed; absent while PENDING. */
  endedAt?: Date;
}

/** A made-up order, priced from its lines. */
export function craftOrder(o: {
  customerId: string;
  region: 'us-east-1' | 'eu-west-1';
  placedAt: string;
  status: 'PENDING' | 'CONFIRMED' | 'FAILED';
  endedAt?: string;
  currency?: string;
  lines: { sku: string; quantity: number; unitPriceCents: number; productName?: string }[];
}): CraftedOrder {
  const lines = o.lines.map((l) => ({
    sku: l.sku,
    productName: l.productName ?? `Product ${l.sku}`,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
  }));
  const placedAt = new Date(o.placedAt);
  return {
    id: randomUUID(),
    customerId: o.customerId,
    region: o.region,
    status: o.status,
    currency: o.currency ?? 'USD',
    totalCents: lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0),
    placedAt,
    endedAt: o.status === 'PENDING' ? undefined : new Date(o.endedAt ?? placedAt.getTime() + 1500),
    lines,
  };
}

/** The events crm-api emits for the order, in its order: order.placed, then its ending. */
export function eventsOf(order: CraftedOrder): { placed: CraftedEvent; ended?: CraftedEvent } {
  const common = {
    orderId: order.id,
    customerId: order.customerId,
    region: order.region,
    totalCents: order.totalCents,
    currency: order.currency,
  };
  const placed = envelope(
    'order.placed',
    order.id,
    {
      ...common,
      lines: order.lines,
      serviceLevel: 'standard',
      placedAt: order.placedAt.toISOString(),
    },
    order.placedAt.toISOString(),
  );
  if (order.status === 'PENDING') return { placed };
  const confirmed = order.status === 'CONFIRMED';
  const endedAt = order.endedAt!.toISOString();
  const ended = envelope(
    confirmed ? 'order.confirmed' : 'order.failed',
    order.id,
    {
      ...common,
      status: order.status,
      supplyOrderId: randomUUID(),
      trackingNumbers: confirmed ? ['GR1234567890'] : [],
      failureReason: confirmed ? null : 'Not enough stock for GR-1001',
      lines: order.lines,
      placedAt: order.placedAt.toISOString(),
      [confirmed ? 'confirmedAt' : 'failedAt']: endedAt,
    },
    endedAt,
  );
  return { placed, ended };
}
