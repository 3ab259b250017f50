/**
 * GET /supply/forecast over real order history: a known weekly pattern of demand comes back
 * as a weekly model whose forecast follows the pattern, with a sane interval; filters and
 * empty histories behave; the answer is reproducible.
 */
import {
  createTestDatabase,
  TestIdentity,
  type TestDatabase,
} from '@globalretail/service-kit/testing';
import {
  call,
  EventFactory,
  payloads,
  postEvents,
  startAnalytics,
  type Analytics,
} from './helpers';

const NOW = new Date('2030-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const TODAY = Date.UTC(2030, 2, 1);
/** Units of GR-1005 ordered per weekday (Sunday first): busy weekends, quiet Mondays. */
const BY_WEEKDAY = [40, 8, 12, 14, 16, 30, 45];

let db: TestDatabase;
let identity: TestIdentity;
let analytics: Analytics;
let auth: string;
let expectedTotal = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  identity = await new TestIdentity().start();
  auth = `Bearer ${identity.operatorToken()}`;
  analytics = await startAnalytics(db, {
    env: { JWKS_URL: identity.jwksUrl },
    overrides: { now: () => NOW },
  });
  const orders = new EventFactory('order-service');
  const events = [];
  for (let d = 56; d >= 1; d--) {
    const day = new Date(TODAY - d * DAY + 10 * 3_600_000);
    const units = BY_WEEKDAY[day.getUTCDay()]!;
    expectedTotal += units;
    // Failed orders are demand too: a third of each day's units could not be served.
    const failed = Math.floor(units / 3);
    events.push(
      orders.event(
        'supply-order.confirmed',
        payloads.supplyOrder('CONFIRMED', [
          { sku: 'GR-1005', quantity: units - failed },
          { sku: 'GR-1006', quantity: 1 },
        ]),
        { occurredAt: day },
      ),
    );
    if (failed > 0) {
      events.push(
        orders.event(
          'supply-order.failed',
          payloads.supplyOrder('FAILED', [{ sku: 'GR-1005', quantity: failed }]),
          {
            occurredAt: new Date(day.getTime() + 3_600_000),
          },
        ),
      );
    }
  }
  // Today's orders are not history yet.
  events.push(
    orders.event(
      'supply-order.confirmed',
      payloads.supplyOrder('CONFIRMED', [{ sku: 'GR-1005', quantity: 999 }]),
      {
        occurredAt: new Date(TODAY + 3_600_000),
      },
    ),
  );
  const res = await postEvents(analytics.url, events);
  expect(res.body.handled).toBe(events.length);
});
afterAll(async () => {
  await analytics?.stop();
  await identity?.stop();
  await db?.drop();
});

const forecast = async (query: string) => {
  const res = await call(analytics.url, `/supply/forecast?${query}`, { auth });
  expect(res.status).toBe(200);
  return res.body;
};

describe('GET /supply/forecast', () => {
  it('recovers a weekly pattern and forecasts each weekday near it', async () => {
    const body = await forecast('sku=GR-1005&horizonDays=14');
    expect(body.method).toBe('holt-winters-additive');
    expect(body.model).toMatchObject({ period: 7, seasonal: true });
    expect(body.history).toMatchObject({
      from: '2030-01-04',
      to: '2030-02-28',
      days: 56,
      totalUnits: expectedTotal,
    });
    expect(body.history.daily[0]).toEqual({ date: '2030-01-04', units: BY_WEEKDAY[5] });
    expect(body.forecast).toHaveLength(14);
    expect(body.forecast[0].date).toBe('2030-03-01');
    expect(body.forecast[13].date).toBe('2030-03-14');
    for (const day of body.forecast) {
      const expected = BY_WEEKDAY[new Date(`${day.date}T00:00:00Z`).getUTCDay()]!;
      expect(Math.abs(day.units - expected)).toBeLessThanOrEqual(Math.max(2, expected * 0.1));
      expect(day.lower).toBeLessThanOrEqual(day.units);
      expect(day.upper).toBeGreaterThanOrEqual(day.units);
      expect(day.lower).toBeGreaterThanOrEqual(0);
    }
    expect(body.modelsEvaluated).toBe(40 + 13 * 160);
    expect(body.bootstrapSamples).toBe(1000);
    expect(body.candidates[0]).toMatchObject({ period: 7 });
  });

  it('gives the same answer to the same question', async () => {
    const a = await forecast('sku=GR-1005&horizonDays=7&level=0.8');
    const b = await forecast('sku=GR-1005&horizonDays=7&level=0.8');
    expect(b.forecast).toEqual(a.forecast);
    const wider = await forecast('sku=GR-1005&horizonDays=7&level=0.99');
    const width = (f: { lower: number; upper: number }[]) =>
      f.reduce((s, d) => s + d.upper - d.lower, 0);
    expect(width(wider.forecast)).toBeGreaterThanOrEqual(width(a.forecast));
  });

  it('reads only the history asked for, and only the region asked for', async () => {
    const short = await forecast('sku=GR-1005&historyDays=14&horizonDays=3');
    expect(short.history.days).toBe(14);
    expect(short.model.period).toBeLessThanOrEqual(3);
    const eu = await forecast('sku=GR-1005&region=eu-west-1');
    expect(eu).toMatchObject({ method: 'none', model: null, history: { days: 0, totalUnits: 0 } });
    expect(
      eu.forecast.every((d: { units: number; upper: number }) => d.units === 0 && d.upper === 0),
    ).toBe(true);
  });

  it('forecasts steady demand as steady', async () => {
    const body = await forecast('sku=GR-1006&horizonDays=5');
    expect(body.history.totalUnits).toBe(56);
    for (const day of body.forecast) expect(day.units).toBeCloseTo(1, 0);
  });

  it('answers zeros for a SKU never ordered', async () => {
    const body = await forecast('sku=GR-1024&horizonDays=2');
    expect(body.method).toBe('none');
    expect(body.forecast).toEqual([
      { date: '2030-03-01', units: 0, lower: 0, upper: 0 },
      { date: '2030-03-02', units: 0, lower: 0, upper: 0 },
    ]);
  });

  it('counts forecasts and the CPU time they took', async () => {
    const text = await (await fetch(`${analytics.url}/metrics`)).text();
    expect(text).toMatch(/analytics_forecasts_total\{[^}]*period="7"[^}]*\} [1-9]/);
    expect(text).toMatch(/analytics_forecast_cpu_seconds_total\{[^}]*\} 0\.\d*[1-9]/);
  });
});
