/**
 * GET /supply/stream: a summary on connect and after events (throttled), heartbeats, filters,
 * pushes on a replica that did not consume the event (PostgreSQL LISTEN/NOTIFY), and streams
 * ended at shutdown.
 */
import {
  createTestDatabase,
  eventually,
  TestIdentity,
  type TestDatabase,
} from '@globalretail/service-kit/testing';
import { SseParser, type SseMessage } from '../web/src/sse';
import { EventFactory, payloads, postEvents, startAnalytics, type Analytics } from './helpers';

const STREAM_ENV = {
  STREAM_MIN_INTERVAL_MS: '300',
  STREAM_HEARTBEAT_MS: '150',
  STREAM_REFRESH_MS: '600000',
};

let db: TestDatabase;
let identity: TestIdentity;
let analytics: Analytics;
const orders = new EventFactory('order-service');

beforeAll(async () => {
  db = await createTestDatabase();
  identity = await new TestIdentity().start();
  analytics = await startAnalytics(db, { env: { JWKS_URL: identity.jwksUrl, ...STREAM_ENV } });
});
afterAll(async () => {
  await analytics?.stop();
  await identity?.stop();
  await db?.drop();
});

interface Summary {
  region: string | null;
  fillRate: { orders: { total: number }; unitsOrdered: number };
  ordersPerMinute: { total: number };
}

/** A dashboard's view of the stream: fetch with the Authorization header, parsed as it comes. */
async function openStream(baseUrl: string, query = '') {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/supply/stream${query}`, {
    headers: { authorization: `Bearer ${identity.operatorToken()}` },
    signal: controller.signal,
  });
  const summaries: { at: number; summary: Summary }[] = [];
  const comments: string[] = [];
  const others: SseMessage[] = [];
  const parser = new SseParser(
    (m) => {
      if (m.event === 'summary') summaries.push({ at: Date.now(), summary: JSON.parse(m.data) });
      else others.push(m);
    },
    (text) => comments.push(text),
  );
  let ended = false;
  const done = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        parser.feed(value);
      }
    } catch {
      // aborted by the test
    } finally {
      ended = true;
    }
  })();
  return {
    res,
    summaries,
    comments,
    others,
    parser,
    get ended() {
      return ended;
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}

const confirmed = (units: number) =>
  orders.event(
    'supply-order.confirmed',
    payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1001', quantity: units }]),
  );

describe('the live stream', () => {
  it('sends a summary on connect and a fresh one after an event', async () => {
    const stream = await openStream(analytics.url);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(stream.res.headers.get('x-accel-buffering')).toBe('no');
    await eventually(() => stream.summaries.length >= 1);
    expect(stream.parser.retryMs).toBe(3000);
    const before = stream.summaries.at(-1)!.summary.fillRate.orders.total;

    await postEvents(analytics.url, [confirmed(4)]);
    const after = await eventually(
      () => stream.summaries.find((s) => s.summary.fillRate.orders.total === before + 1),
      3000,
    );
    expect(after.summary.ordersPerMinute.total).toBeGreaterThanOrEqual(1);
    await stream.close();
  });

  it('sends heartbeats while nothing happens', async () => {
    const stream = await openStream(analytics.url);
    await eventually(
      () => stream.comments.filter((c) => c.startsWith('heartbeat')).length >= 2,
      2000,
    );
    await stream.close();
  });

  it('pushes at most one summary per interval however many events arrive', async () => {
    const stream = await openStream(analytics.url);
    await eventually(() => stream.summaries.length >= 1);
    const start = stream.summaries.at(-1)!.summary.fillRate.unitsOrdered;
    const started = Date.now();
    const seenBefore = stream.summaries.length;
    for (let i = 0; i < 12; i++) await postEvents(analytics.url, [confirmed(1)]);
    const last = await eventually(
      () => stream.summaries.find((s) => s.summary.fillRate.unitsOrdered === start + 12),
      4000,
    );
    const pushes = stream.summaries.slice(seenBefore);
    const elapsed = last.at - started;
    expect(pushes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 1);
    for (let i = 1; i < pushes.length; i++) {
      expect(pushes[i]!.at - pushes[i - 1]!.at).toBeGreaterThanOrEqual(250);
    }
    await stream.close();
  });

  it('filters the summary by region', async () => {
    const eu = orders.event(
      'supply-order.confirmed',
      payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1002', quantity: 2 }], 'eu-west-1'),
    );
    await postEvents(analytics.url, [eu]);
    const stream = await openStream(analytics.url, '?region=eu-west-1&periodHours=24');
    const first = await eventually(() => stream.summaries[0]);
    expect(first.summary.region).toBe('eu-west-1');
    expect(first.summary.fillRate.orders.total).toBe(1);
    await stream.close();
  });

  it('is pushed by a replica that did not consume the event, and ended at its shutdown', async () => {
    const replica = await startAnalytics(db, {
      env: { JWKS_URL: identity.jwksUrl, ...STREAM_ENV },
    });
    try {
      await eventually(() => replica.handles.listener.listening);
      const stream = await openStream(replica.url);
      const first = await eventually(() => stream.summaries[0]);
      const total = first.summary.fillRate.orders.total;
      // Consumed by the first instance only: the replica hears of it through the database.
      await postEvents(analytics.url, [confirmed(3)]);
      await eventually(
        () => stream.summaries.some((s) => s.summary.fillRate.orders.total === total + 1),
        3000,
      );
      await replica.stop();
      await eventually(() => stream.ended, 3000);
      await stream.close();
    } finally {
      await replica.stop();
    }
  });
});
