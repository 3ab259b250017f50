import express from 'express';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { HttpClient } from '../src/http-client';
import {
  appendToOutbox,
  consumeEvents,
  outboxEventsParam,
  outboxInsertSql,
  OutboxRelay,
  type DeliveredEvent,
} from '../src/outbox';
import { runMigrations } from '../src/migrations';
import { withTransaction } from '../src/db';
import { createTestDatabase, listen, type RunningServer, type TestDatabase } from '../src/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const logger = pino({ level: 'silent' });
let db: TestDatabase;
const schema = 'outbox_test';

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.pool, { schema, migrationsDir: mkdtempSync(path.join(tmpdir(), 'm-')) });
});
afterAll(() => db.drop());

/** A subscriber that records what it receives and can be told to fail. */
async function recordingSubscriber() {
  const received: DeliveredEvent[] = [];
  const state = { failNext: 0 };
  const app = express();
  app.use(express.json());
  app.post('/events', (req, res) => {
    if (state.failNext > 0) {
      state.failNext--;
      res.status(503).json({ error: { code: 'DOWN', message: 'down' } });
      return;
    }
    received.push(...(req.body.events as DeliveredEvent[]));
    res.json({ ok: true });
  });
  const server: RunningServer = await listen(app);
  return { received, state, server };
}

function relayFor(url: string, batchSize = 100) {
  return new OutboxRelay({
    pool: db.pool,
    schema,
    source: 'test',
    subscribers: [{ name: 'sub', url }],
    http: new HttpClient({ target: 'subscriber', retries: 0, timeoutMs: 2000 }),
    logger,
    batchSize,
  });
}

describe('outbox relay', () => {
  beforeEach(async () => {
    await db.pool.query(`TRUNCATE ${schema}.outbox, ${schema}.outbox_deliveries, ${schema}.inbox`);
  });

  it('delivers committed events in order, and nothing of a rolled-back transaction', async () => {
    const sub = await recordingSubscriber();
    await withTransaction(db.pool, (tx) =>
      appendToOutbox(
        tx,
        schema,
        [1, 2, 3].map((n) => ({
          aggregateType: 'a',
          aggregateId: 'x',
          type: `e${n}`,
          payload: { n },
        })),
      ),
    );
    await expect(
      withTransaction(db.pool, async (tx) => {
        await appendToOutbox(tx, schema, {
          aggregateType: 'a',
          aggregateId: 'x',
          type: 'never',
          payload: {},
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const relay = relayFor(`${sub.server.url}/events`, 2);
    expect(await relay.runOnce()).toBe(3);
    await relay.stop();
    expect(sub.received.map((e) => e.type)).toEqual(['e1', 'e2', 'e3']);
    await sub.server.close();
  });

  it('retries a failed delivery later without reordering or losing events', async () => {
    const sub = await recordingSubscriber();
    await appendToOutbox(
      db.pool,
      schema,
      [1, 2, 3, 4].map((n) => ({
        aggregateType: 'a',
        aggregateId: 'y',
        type: `e${n}`,
        payload: {},
      })),
    );
    sub.state.failNext = 1;
    const relay = relayFor(`${sub.server.url}/events`, 2);
    expect(await relay.runOnce()).toBe(0);
    expect(await relay.runOnce()).toBe(4);
    expect(await relay.runOnce()).toBe(0);
    await relay.stop();
    expect(sub.received.map((e) => e.type)).toEqual(['e1', 'e2', 'e3', 'e4']);
    await sub.server.close();
  });

  it('lets only one relay per schema deliver at a time', async () => {
    const sub = await recordingSubscriber();
    await appendToOutbox(db.pool, schema, {
      aggregateType: 'a',
      aggregateId: 'z',
      type: 'once',
      payload: {},
    });
    const first = relayFor(`${sub.server.url}/events`);
    const second = relayFor(`${sub.server.url}/events`);
    const counts = [await first.runOnce(), await second.runOnce()];
    expect(counts).toEqual([1, 0]);
    await first.stop();
    await second.stop();
    expect(sub.received).toHaveLength(1);
    await sub.server.close();
  });
});

describe('consumeEvents', () => {
  it('handles each event id once, even when duplicates race', async () => {
    await db.pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.effects (event_id uuid)`);
    const event: DeliveredEvent = {
      eventId: randomUUID(),
      source: 'test',
      sequence: 1,
      type: 't',
      aggregateType: 'a',
      aggregateId: '1',
      payload: {},
      occurredAt: new Date().toISOString(),
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        consumeEvents(db.pool, schema, [event], async (tx, e) => {
          await tx.query(`INSERT INTO ${schema}.effects VALUES ($1)`, [e.eventId]);
        }),
      ),
    );
    expect(results.reduce((n, r) => n + r.handled, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(9);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ${schema}.effects`);
    expect(rows[0].n).toBe(1);
  });

  it('leaves no inbox row when the handler fails, so a redelivery is handled', async () => {
    const event: DeliveredEvent = {
      eventId: randomUUID(),
      source: 'test',
      sequence: 2,
      type: 't',
      aggregateType: 'a',
      aggregateId: '2',
      payload: {},
      occurredAt: new Date().toISOString(),
    };
    await expect(
      consumeEvents(db.pool, schema, [event], async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    const again = await consumeEvents(db.pool, schema, [event], async () => undefined);
    expect(again.handled).toBe(1);
  });
});

describe('outboxInsertSql', () => {
  it('writes events in the same statement as the change, only when the change matched', async () => {
    await db.pool.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.things (id int PRIMARY KEY, state text)`,
    );
    await db.pool.query(`INSERT INTO ${schema}.things VALUES (1, 'new') ON CONFLICT DO NOTHING`);
    await db.pool.query(`TRUNCATE ${schema}.outbox CASCADE`);
    const change = (id: number) =>
      db.pool.query(
        `WITH updated AS (UPDATE ${schema}.things SET state = 'done' WHERE id = $1 RETURNING id),
              events AS (${outboxInsertSql(schema, 2, 'updated')})
         SELECT * FROM updated`,
        [
          id,
          outboxEventsParam([
            {
              aggregateType: 'thing',
              aggregateId: String(id),
              type: 'thing.done',
              payload: { id },
            },
          ]),
        ],
      );
    expect((await change(1)).rowCount).toBe(1);
    expect((await change(99)).rowCount).toBe(0);
    const { rows } = await db.pool.query(
      `SELECT aggregate_id, event_type, payload FROM ${schema}.outbox`,
    );
    expect(rows).toEqual([{ aggregate_id: '1', event_type: 'thing.done', payload: { id: 1 } }]);
  });
});
