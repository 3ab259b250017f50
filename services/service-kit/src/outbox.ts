import { z } from 'zod';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { HttpClient } from './http-client';
import type { Queryable } from './db';
import { currentRequestId, runWithRequestId } from './request-context';

export interface NewEvent {
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: Record<string, unknown>;
}

/** What travels to subscribers. `sequence` orders events of one source. */
export interface DeliveredEvent {
  eventId: string;
  source: string;
  sequence: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

/**
 * Appends events to the schema's outbox. Call it with the transaction's client, after the
 * change to the aggregate, so the event commits (or not) with that change and events of one
 * aggregate get increasing ids in commit order (the aggregate's row lock orders them).
 */
export async function appendToOutbox(
  tx: Queryable,
  schema: string,
  events: NewEvent | NewEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const values: unknown[] = [];
  const tuples = list.map((e, i) => {
    values.push(
      e.aggregateType,
      e.aggregateId,
      e.type,
      JSON.stringify(e.payload),
      currentRequestId() ?? null,
    );
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::jsonb, $${b + 5})`;
  });
  await tx.query(
    `INSERT INTO ${schema}.outbox (aggregate_type, aggregate_id, event_type, payload, request_id) VALUES ${tuples.join(', ')}`,
    values,
  );
}

export interface Subscriber {
  /** Stable name; deliveries are recorded under it. */
  name: string;
  /** Full URL the events are POSTed to as `{ source, events: [...] }`. */
  url: string;
  /** Only these event types are sent (all when absent). Others count as delivered. */
  eventTypes?: string[];
}

export interface OutboxRelayOptions {
  pool: pg.Pool;
  schema: string;
  source: string;
  subscribers: Subscriber[];
  http: HttpClient;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  /** Delivered events older than this are deleted. */
  retentionMs?: number;
  onDelivered?: (subscriber: string, count: number) => void;
}

/**
 * Delivers outbox events to each subscriber at least once, in id order. A failed batch
 * stops that subscriber's delivery until the next tick, so a later event of an aggregate
 * never overtakes an earlier one. One relay per schema is active at a time (advisory lock);
 * others stand by, so running several replicas does not double the traffic.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lockClient: pg.PoolClient | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err) => this.options.logger.warn({ err }, 'outbox relay tick failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 200);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    if (this.lockClient) {
      await this.lockClient
        .query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey])
        .catch(() => undefined);
      this.lockClient.release();
      this.lockClient = undefined;
    }
  }

  private get lockKey() {
    return `outbox-relay:${this.options.schema}`;
  }

  private async holdLeadership(): Promise<boolean> {
    if (this.lockClient) return true;
    const client = await this.options.pool.connect();
    const { rows } = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
      [this.lockKey],
    );
    if (rows[0]?.ok) {
      this.lockClient = client;
      client.on('error', () => {
        this.lockClient = undefined;
      });
      return true;
    }
    client.release();
    return false;
  }

  /** One pass over every subscriber; returns how many events were delivered. Used by tests. */
  async runOnce(): Promise<number> {
    if (this.options.subscribers.length === 0) return 0;
    if (!(await this.holdLeadership())) return 0;
    let total = 0;
    for (const subscriber of this.options.subscribers) {
      total += await this.deliverTo(subscriber);
    }
    await this.prune();
    return total;
  }

  private async deliverTo(subscriber: Subscriber): Promise<number> {
    const { pool, schema, source, http, logger } = this.options;
    const batchSize = this.options.batchSize ?? 100;
    let delivered = 0;
    for (;;) {
      const { rows } = await pool.query<{
        id: number;
        event_id: string;
        aggregate_type: string;
        aggregate_id: string;
        event_type: string;
        payload: Record<string, unknown>;
        request_id: string | null;
        occurred_at: Date;
      }>(
        `SELECT o.* FROM ${schema}.outbox o
          WHERE NOT EXISTS (SELECT 1 FROM ${schema}.outbox_deliveries d WHERE d.subscriber = $1 AND d.outbox_id = o.id)
          ORDER BY o.id LIMIT $2`,
        [subscriber.name, batchSize],
      );
      if (rows.length === 0) return delivered;
      const wanted = rows.filter(
        (r) => !subscriber.eventTypes || subscriber.eventTypes.includes(r.event_type),
      );
      if (wanted.length > 0) {
        const events: DeliveredEvent[] = wanted.map((r) => ({
          eventId: r.event_id,
          source,
          sequence: r.id,
          type: r.event_type,
          aggregateType: r.aggregate_type,
          aggregateId: r.aggregate_id,
          payload: r.payload,
          occurredAt: r.occurred_at.toISOString(),
        }));
        try {
          await runWithRequestId(wanted[0]!.request_id ?? `outbox-${source}-${wanted[0]!.id}`, () =>
            http.request({
              method: 'POST',
              url: subscriber.url,
              body: { source, events },
              idempotent: true,
            }),
          );
        } catch (err) {
          logger.warn(
            { err, subscriber: subscriber.name },
            'event delivery failed; will retry in order',
          );
          return delivered;
        }
      }
      await pool.query(
        `INSERT INTO ${schema}.outbox_deliveries (subscriber, outbox_id)
         SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
        [subscriber.name, rows.map((r) => r.id)],
      );
      delivered += wanted.length;
      this.options.onDelivered?.(subscriber.name, wanted.length);
      if (rows.length < batchSize) return delivered;
    }
  }

  private lastPrune = 0;
  private async prune(): Promise<void> {
    const retentionMs = this.options.retentionMs ?? 60 * 60 * 1000;
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    const { schema, subscribers, pool } = this.options;
    await pool.query(
      `DELETE FROM ${schema}.outbox o
        WHERE o.occurred_at < now() - make_interval(secs => $1::double precision / 1000)
          AND (SELECT count(*) FROM ${schema}.outbox_deliveries d
                WHERE d.outbox_id = o.id AND d.subscriber = ANY($2::text[])) = $3`,
      [retentionMs, subscribers.map((s) => s.name), subscribers.length],
    );
  }
}

/**
 * Consumes delivered events exactly once per event id: each event is handled in its own
 * transaction together with its inbox row, so a redelivery or a concurrent duplicate is
 * skipped and a crash mid-batch leaves the unhandled rest for the redelivery.
 */
export async function consumeEvents(
  pool: pg.Pool,
  schema: string,
  events: DeliveredEvent[],
  handle: (tx: pg.PoolClient, event: DeliveredEvent) => Promise<void>,
): Promise<{ handled: number; duplicates: number }> {
  let handled = 0;
  let duplicates = 0;
  for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        `INSERT INTO ${schema}.inbox (event_id, source, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [event.eventId, event.source, event.type],
      );
      if (inserted.rowCount === 0) {
        duplicates++;
        await client.query('ROLLBACK');
        continue;
      }
      await handle(client, event);
      await client.query('COMMIT');
      handled++;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return { handled, duplicates };
}

/** The body a relay POSTs to a subscriber; consumers validate with it. */
export const deliveredEventsSchema = z.object({
  source: z.string().min(1).max(64),
  events: z
    .array(
      z.object({
        eventId: z.uuid(),
        source: z.string(),
        sequence: z.number().int(),
        type: z.string().min(1).max(100),
        aggregateType: z.string(),
        aggregateId: z.string(),
        payload: z.record(z.string(), z.unknown()),
        occurredAt: z.string(),
      }),
    )
    .max(1000),
});

/**
 * The outbox insert as SQL for a data-modifying CTE, for a change and its events in ONE
 * statement (atomic without BEGIN/COMMIT round trips). `$eventsParam` must be a jsonb array
 * of {@link NewEvent}; pass it with {@link outboxEventsParam}. `guard` names a CTE whose rows
 * must exist for the events to be written (e.g. the UPDATE that matched).
 */
export function outboxInsertSql(schema: string, eventsParam: number, guard?: string): string {
  return `INSERT INTO ${schema}.outbox (aggregate_type, aggregate_id, event_type, payload, request_id)
    SELECT e->>'aggregateType', e->>'aggregateId', e->>'type', e->'payload', e->>'requestId'
      FROM jsonb_array_elements($${eventsParam}::jsonb) AS e${guard ? ` WHERE EXISTS (SELECT 1 FROM ${guard})` : ''}`;
}

export function outboxEventsParam(events: NewEvent[]): string {
  const requestId = currentRequestId() ?? null;
  return JSON.stringify(events.map((e) => ({ ...e, requestId })));
}
