import {
  forecastDemand,
  periodsToSearch,
  quantile,
  runModel,
  searchModel,
  seededRandom,
} from './forecast';

const WEEK = [10, 12, 14, 16, 30, 40, 8];

function weeklySeries(weeks: number, noise: number, seed = 7): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: weeks * 7 }, (_, t) =>
    Math.max(0, Math.round(WEEK[t % 7]! + (random() - 0.5) * 2 * noise)),
  );
}

const options = { horizon: 14, level: 0.9, samples: 500, maxPeriod: 35, seed: 42 };

describe('forecastDemand', () => {
  it('finds a weekly season and forecasts each weekday near its pattern', () => {
    const history = weeklySeries(12, 2);
    const result = forecastDemand(history, options);
    expect(result.method).toBe('holt-winters-additive');
    expect(result.model?.period).toBe(7);
    expect(result.points).toHaveLength(14);
    for (const point of result.points) {
      // The day after the history is day (84 + step - 1) of the pattern.
      const expected = WEEK[(history.length + point.step - 1) % 7]!;
      expect(Math.abs(point.mean - expected)).toBeLessThanOrEqual(Math.max(2.5, expected * 0.15));
      expect(point.lower).toBeLessThanOrEqual(point.mean);
      expect(point.upper).toBeGreaterThanOrEqual(point.mean);
      expect(point.upper - point.lower).toBeGreaterThan(0);
      expect(point.upper - point.lower).toBeLessThan(15);
    }
  });

  it('finds the season whatever its length (a 5-day cycle)', () => {
    const cycle = [3, 20, 6, 9, 30];
    const history = Array.from({ length: 60 }, (_, t) => cycle[t % 5]!);
    const result = forecastDemand(history, options);
    expect(result.model?.period).toBe(5);
    expect(result.points.slice(0, 5).map((p) => Math.round(p.mean))).toEqual(cycle);
    // No noise: the interval collapses onto the forecast.
    for (const p of result.points) expect(p.upper - p.lower).toBeLessThan(1);
  });

  it('does not invent a season in flat, noisy demand', () => {
    const random = seededRandom(3);
    const history = Array.from({ length: 90 }, () => 20 + Math.round((random() - 0.5) * 6));
    const result = forecastDemand(history, options);
    expect(result.model?.period).toBe(1);
    for (const p of result.points) {
      expect(p.mean).toBeGreaterThan(17);
      expect(p.mean).toBeLessThan(23);
      expect(p.lower).toBeLessThan(20);
      expect(p.upper).toBeGreaterThan(20);
    }
  });

  it('follows a rising trend, damped', () => {
    const history = Array.from({ length: 60 }, (_, t) => 10 + t);
    const result = forecastDemand(history, { ...options, horizon: 10 });
    expect(result.model?.trend).toBe('damped');
    const means = result.points.map((p) => p.mean);
    expect(means[0]).toBeGreaterThan(68);
    expect(means[9]!).toBeGreaterThan(means[0]!);
    expect(means[9]!).toBeLessThan(69 + 10); // damped: below the straight line
  });

  it('never forecasts negative demand', () => {
    const history = Array.from({ length: 40 }, (_, t) => Math.max(0, 40 - t));
    for (const p of forecastDemand(history, options).points) {
      expect(p.mean).toBeGreaterThanOrEqual(0);
      expect(p.lower).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers zeros without history, and a flat line from a single day', () => {
    const none = forecastDemand([], { ...options, horizon: 3 });
    expect(none.method).toBe('none');
    expect(none.points).toEqual([
      { step: 1, mean: 0, lower: 0, upper: 0 },
      { step: 2, mean: 0, lower: 0, upper: 0 },
      { step: 3, mean: 0, lower: 0, upper: 0 },
    ]);
    const one = forecastDemand([5], { ...options, horizon: 2 });
    expect(one.points.map((p) => p.mean)).toEqual([5, 5]);
  });

  it('is deterministic for a seed and sensitive to it', () => {
    const history = weeklySeries(8, 4);
    expect(forecastDemand(history, options)).toEqual(forecastDemand(history, options));
    const other = forecastDemand(history, { ...options, seed: 43 });
    expect(other.points.map((p) => p.mean)).toEqual(
      forecastDemand(history, options).points.map((p) => p.mean),
    );
    expect(other.points.map((p) => p.upper)).not.toEqual(
      forecastDemand(history, options).points.map((p) => p.upper),
    );
  });

  it('does work proportional to the history searched', () => {
    const short = searchModel(weeklySeries(8, 1), 35);
    const long = searchModel(weeklySeries(52, 1), 35);
    // 40 grid points without a season, 40 + 120 per seasonal period (2..14 for 56 days,
    // 2..35 for 364 days).
    expect(short.evaluated).toBe(40 + 13 * 160);
    expect(long.evaluated).toBe(40 + 34 * 160);
  });
});

describe('building blocks', () => {
  it('searches periods from none up to a quarter of the history, capped', () => {
    expect(periodsToSearch(7, 35)).toEqual([1]);
    expect(periodsToSearch(28, 35)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(periodsToSearch(1000, 10)).toHaveLength(10);
  });

  it('scores one-step-ahead errors: a constant series is forecast perfectly', () => {
    const spec = { period: 1, trend: 'none' as const, alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
    expect(runModel([4, 4, 4, 4], spec, 1, true)).toMatchObject({ sse: 0, residuals: [0, 0, 0] });
    expect(runModel([4, 4, 4, 4, 4, 4, 4, 12], spec, 7).sse).toBe(64);
  });

  it('interpolates quantiles', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('draws the same numbers from the same seed', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const draws = Array.from({ length: 5 }, () => a());
    expect(draws).toEqual(Array.from({ length: 5 }, () => b()));
    for (const d of draws) expect(d >= 0 && d < 1).toBe(true);
  });
});
