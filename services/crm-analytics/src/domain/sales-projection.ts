import { consumeEvents, type DeliveredEvent, type Logger } from '@globalretail/service-kit';
import type pg from 'pg';
import type { AnalyticsMetrics } from '../metrics';
import {
  findOrder,
  insertLines,
  lockOrderId,
  recordStatus,
  saveOrder,
  upsertCustomer,
} from '../repositories/orders';
import { type OrderEvent, parseEvent } from './order-events';
import { applyOrderEvent, type ProjectionOutcome } from './projection';

export const SCHEMA = 'sales_insight';

/**
 * Keeps the sales projection up to date from crm-api's outbox deliveries. Each event is
 * handled once (the kit's inbox, keyed by eventId) in its own transaction with its effects;
 * the fold itself is idempotent too, so even a replay under a new event id counts nothing
 * twice.
 */
export class SalesProjection {
  constructor(
    private readonly deps: { pool: pg.Pool; logger: Logger; metrics: AnalyticsMetrics },
  ) {}

  async consume(events: DeliveredEvent[]): Promise<{ handled: number; duplicates: number }> {
    const outcomes: { type: string; outcome: string }[] = [];
    const consumed = consumeEvents(this.deps.pool, SCHEMA, events, async (tx, event) => {
      const parsed = parseEvent(event);
      switch (parsed.kind) {
        case 'ignored':
          outcomes.push({ type: event.type, outcome: 'ignored' });
          return;
        case 'malformed':
          // Redelivering it would fail the same way forever: log it and move on.
          this.deps.logger.warn(
            { eventId: event.eventId, type: event.type, issues: parsed.issues },
            'ignoring malformed crm-api event',
          );
          outcomes.push({ type: event.type, outcome: 'malformed' });
          return;
        case 'customer':
          await upsertCustomer(tx, parsed);
          outcomes.push({ type: event.type, outcome: 'applied' });
          return;
        case 'order':
          outcomes.push({ type: event.type, outcome: await this.applyOrder(tx, parsed) });
          return;
      }
    });
    try {
      const result = await consumed;
      this.deps.metrics.duplicates.inc(result.duplicates);
      return result;
    } finally {
      // Also when a later event of the batch failed: the earlier ones are committed.
      for (const o of outcomes) this.deps.metrics.events.inc(o);
    }
  }

  private async applyOrder(tx: pg.PoolClient, event: OrderEvent): Promise<ProjectionOutcome> {
    await lockOrderId(tx, event.orderId);
    const current = await findOrder(tx, event.orderId);
    const { order, outcome } = applyOrderEvent(current, event);
    if (outcome === 'contradiction') {
      this.deps.logger.warn(
        { orderId: event.orderId, eventId: event.eventId, recorded: current?.status },
        `order already ended; ignoring a later ${event.status} report`,
      );
    }
    if (outcome === 'applied') await saveOrder(tx, order);
    if (event.lines) await insertLines(tx, event.orderId, event.lines);
    await recordStatus(tx, {
      eventId: event.eventId,
      orderId: event.orderId,
      status: event.status,
      at: event.at,
      applied: outcome === 'applied',
    });
    return outcome;
  }
}
