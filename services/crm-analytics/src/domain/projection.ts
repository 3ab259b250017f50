import type { Region } from '@globalretail/service-kit';
import type { OrderEvent, OrderStatus } from './order-events';

/** An order as this service knows it. */
export interface ProjectedOrder {
  orderId: string;
  customerId: string;
  region: Region;
  currency: string;
  totalCents: number;
  status: OrderStatus;
  placedAt: Date;
  /** False while the order is known only from its ending (order.placed not seen yet). */
  placedEventSeen: boolean;
  endedAt: Date | null;
  failureReason: string | null;
}

export type ProjectionOutcome =
  /** The event changed what we know. */
  | 'applied'
  /** It told us nothing new (the same ending reported again under another event id). */
  | 'unchanged'
  /** It contradicts an ending already recorded; kept in the history, not applied. */
  | 'contradiction';

export interface ProjectionStep {
  order: ProjectedOrder;
  outcome: ProjectionOutcome;
}

/**
 * Folds one order event into the order. Events of one order normally arrive in order
 * (placed, then confirmed or failed), but the fold does not rely on it: an ending seen first
 * creates the order with a provisional placing time (the event's `placedAt`, else the ending
 * time) that order.placed corrects later, and a placing seen after the ending never reopens it.
 * An order ends once: a later, different ending is refused, so nothing is counted twice.
 */
export function applyOrderEvent(
  current: ProjectedOrder | undefined,
  event: OrderEvent,
): ProjectionStep {
  const facts = {
    orderId: event.orderId,
    customerId: event.customerId,
    region: event.region,
    currency: event.currency,
    totalCents: event.totalCents,
  };
  if (event.status === 'PENDING') {
    const placedAt = event.placedAt ?? event.at;
    if (!current) {
      return {
        outcome: 'applied',
        order: {
          ...facts,
          status: 'PENDING',
          placedAt,
          placedEventSeen: true,
          endedAt: null,
          failureReason: null,
        },
      };
    }
    if (current.placedEventSeen) return { order: current, outcome: 'unchanged' };
    return { outcome: 'applied', order: { ...current, ...facts, placedAt, placedEventSeen: true } };
  }

  if (!current) {
    return {
      outcome: 'applied',
      order: {
        ...facts,
        status: event.status,
        placedAt: event.placedAt ?? event.at,
        placedEventSeen: false,
        endedAt: event.at,
        failureReason: event.failureReason,
      },
    };
  }
  if (current.status !== 'PENDING') {
    return {
      order: current,
      outcome: current.status === event.status ? 'unchanged' : 'contradiction',
    };
  }
  return {
    outcome: 'applied',
    order: {
      ...current,
      status: event.status,
      endedAt: event.at,
      failureReason: event.failureReason,
      placedAt: current.placedEventSeen ? current.placedAt : (event.placedAt ?? current.placedAt),
    },
  };
}
