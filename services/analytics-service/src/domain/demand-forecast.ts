import { createHash } from 'node:crypto';
import type { Pool, Region } from '@globalretail/service-kit';
import type { AnalyticsMetrics } from '../metrics';
import { dailyDemand } from '../repositories/supply-orders';
import { forecastDemand } from './forecast';

const DAY_MS = 86_400_000;

export interface ForecastQuery {
  sku: string;
  region?: Region;
  horizonDays: number;
  historyDays: number;
  /** Central coverage of the prediction interval, e.g. 0.9. */
  level: number;
}

export interface ForecasterSettings {
  maxPeriod: number;
  samples: number;
}

const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Demand forecast of one SKU from the finished supply orders (units ordered per UTC day,
 * confirmed or not: an order that failed for want of stock was demand all the same). The
 * history is the `historyDays` full days before today, starting at the SKU's first order;
 * the forecast covers today and the days after.
 */
export class DemandForecaster {
  constructor(
    private readonly deps: {
      pool: Pool;
      now: () => Date;
      metrics: AnalyticsMetrics;
      settings: ForecasterSettings;
    },
  ) {}

  async forecast(query: ForecastQuery) {
    const today = Math.floor(this.deps.now().getTime() / DAY_MS) * DAY_MS;
    const from = today - query.historyDays * DAY_MS;
    const rows = await dailyDemand(this.deps.pool, {
      sku: query.sku,
      region: query.region,
      from: new Date(from),
      to: new Date(today),
    });
    const byDay = new Map(rows.map((r) => [r.day, r.units]));
    const daily = Array.from({ length: query.historyDays }, (_, i) => {
      const date = dayString(from + i * DAY_MS);
      return { date, units: byDay.get(date) ?? 0 };
    });
    // Days before the SKU was first ordered are not zero demand; they are no data.
    const first = daily.findIndex((d) => d.units > 0);
    const history = first < 0 ? [] : daily.slice(first);

    const started = performance.now();
    const result = forecastDemand(
      history.map((d) => d.units),
      {
        horizon: query.horizonDays,
        level: query.level,
        samples: this.deps.settings.samples,
        maxPeriod: this.deps.settings.maxPeriod,
        seed: seedOf(query, today),
      },
    );
    const computeMs = performance.now() - started;
    this.deps.metrics.forecastSeconds.inc(computeMs / 1000);
    this.deps.metrics.forecasts.inc({ period: String(result.model?.period ?? 'none') });

    return {
      sku: query.sku,
      region: query.region ?? null,
      generatedAt: this.deps.now().toISOString(),
      level: query.level,
      horizonDays: query.horizonDays,
      history: {
        from: history[0]?.date ?? null,
        to: dayString(today - DAY_MS),
        days: history.length,
        totalUnits: history.reduce((s, d) => s + d.units, 0),
        daily: history,
      },
      method: result.method,
      model: result.model && {
        period: result.model.period,
        seasonal: result.model.period > 1,
        trend: result.model.trend,
        alpha: result.model.alpha,
        beta: result.model.beta,
        gamma: result.model.gamma,
        phi: result.model.phi,
        aic: round(result.model.aic),
        rmse: round(result.model.rmse),
        scoredDays: result.model.scored,
      },
      candidates: result.candidates.map((c) => ({ ...c, aic: round(c.aic), rmse: round(c.rmse) })),
      modelsEvaluated: result.modelsEvaluated,
      bootstrapSamples: this.deps.settings.samples,
      forecast: result.points.map((p) => ({
        date: dayString(today + (p.step - 1) * DAY_MS),
        units: p.mean,
        lower: p.lower,
        upper: p.upper,
      })),
      computeMs: round(computeMs),
    };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The same question on the same day gets the same interval (a seed from the question). */
function seedOf(query: ForecastQuery, today: number): number {
  const digest = createHash('sha256')
    .update(`${query.sku}|${query.region ?? '*'}|${query.historyDays}|${query.level}|${today}`)
    .digest();
  return digest.readUInt32BE(0);
}
