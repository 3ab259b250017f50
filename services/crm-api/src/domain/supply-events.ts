import { consumeEvents, type DeliveredEvent, type Logger } from '@globalretail/service-kit';
import type pg from 'pg';
import { z } from 'zod';
import { lockOrder } from '../repositories/orders';
import { type Checkout, SCHEMA } from './checkout';
import { type FinalOutcome, outcomeOfSupplyEvent } from './supply-outcome';

const FINISHED_TYPES = ['supply-order.confirmed', 'supply-order.failed'] as const;

const supplyOrderPayload = z.object({
  orderId: z.uuid(),
  supplyOrderId: z.string().max(100).nullish(),
  status: z.string().max(40).optional(),
  trackingNumbers: z.array(z.string().max(100)).max(100).optional(),
  failureCode: z.string().max(100).nullish(),
  failureReason: z.string().max(2000).nullish(),
  failureDetails: z.unknown().optional(),
});

/**
 * Consumes order-service's events: a supply order that finished after the POST answered
 * (a saga recovered after a restart, say) ends the crm order the same way a direct answer
 * would. Each event is handled once (inbox), in its own transaction.
 */
export async function consumeSupplyEvents(
  deps: { pool: pg.Pool; checkout: Checkout; logger: Logger },
  events: DeliveredEvent[],
): Promise<{ handled: number; duplicates: number }> {
  const ended: FinalOutcome[] = [];
  const result = await consumeEvents(deps.pool, SCHEMA, events, async (tx, event) => {
    const type = FINISHED_TYPES.find((t) => t === event.type);
    if (!type) return; // not ours to act on; recorded as consumed all the same
    const payload = supplyOrderPayload.safeParse(event.payload);
    if (!payload.success) {
      // Redelivering a malformed event would fail the same way forever: log it and move on.
      deps.logger.warn(
        { eventId: event.eventId, type, issues: payload.error.issues },
        'ignoring malformed supply-order event',
      );
      return;
    }
    const order = await lockOrder(tx, payload.data.orderId);
    if (!order) {
      deps.logger.warn(
        { eventId: event.eventId, orderId: payload.data.orderId },
        'event for an unknown order',
      );
      return;
    }
    const outcome = outcomeOfSupplyEvent(
      type,
      payload.data,
      order.lines.map((l) => l.sku),
    );
    const finalized = await deps.checkout.finalize(tx, order.id, outcome);
    if (finalized.ended) ended.push(finalized.ended);
  });
  for (const outcome of ended) deps.checkout.countEnded(outcome);
  return result;
}
