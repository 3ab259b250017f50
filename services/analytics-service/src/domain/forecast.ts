/**
 * Demand forecasting over daily buckets: additive Holt-Winters (level, optional damped
 * trend, optional season) chosen by a search over every seasonal period and a grid of
 * smoothing parameters, scored by AIC on one-step-ahead errors over a window common to all
 * candidates; then a bootstrap prediction interval from simulated futures that resample the
 * fitted model's own errors. Pure and deterministic (seeded), so it is unit tested directly.
 *
 * Cost: (periods searched) x (parameter grid) x (days of history), plus samples x horizon for
 * the interval. Both are bounded by the caller (history, max period, samples, horizon).
 */

export type TrendKind = 'none' | 'damped';

export interface ModelSpec {
  /** Season length in days; 1 = no season. */
  period: number;
  trend: TrendKind;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface State {
  level: number;
  trend: number;
  /** Seasonal terms by phase (t mod period). */
  seasonals: Float64Array;
}

export interface FittedModel extends ModelSpec {
  /** Sum of squared one-step-ahead errors over the scored window. */
  sse: number;
  /** Days scored (the same for every candidate of one search). */
  scored: number;
  aic: number;
  rmse: number;
  parameters: number;
}

export interface ForecastPoint {
  /** Days ahead, 1 = the first day after the history. */
  step: number;
  mean: number;
  lower: number;
  upper: number;
}

export interface ForecastResult {
  method: 'holt-winters-additive' | 'none';
  model: FittedModel | null;
  /** The best model of each period/trend class tried, best first (at most 10). */
  candidates: Pick<FittedModel, 'period' | 'trend' | 'aic' | 'rmse'>[];
  modelsEvaluated: number;
  points: ForecastPoint[];
}

export interface ForecastOptions {
  horizon: number;
  /** Central coverage of the interval, e.g. 0.9. */
  level: number;
  /** Simulated futures for the interval. */
  samples: number;
  /** Longest season tried (also limited to a quarter of the history). */
  maxPeriod: number;
  seed: number;
}

const ALPHAS = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];
const BETAS = [0.02, 0.1, 0.25];
const GAMMAS = [0.05, 0.15, 0.3, 0.5];
const PHI = 0.95;

function mean(y: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += y[i]!;
  return to > from ? sum / (to - from) : 0;
}

function initialState(y: ArrayLike<number>, spec: ModelSpec): State {
  const m = spec.period;
  if (m > 1) {
    const first = mean(y, 0, m);
    const second = y.length >= 2 * m ? mean(y, m, 2 * m) : first;
    const seasonals = new Float64Array(m);
    for (let i = 0; i < m; i++) seasonals[i] = y[i]! - first;
    return { level: first, trend: spec.trend === 'none' ? 0 : (second - first) / m, seasonals };
  }
  return { level: mean(y, 0, Math.min(y.length, 7)), trend: 0, seasonals: new Float64Array(1) };
}

/** One step of the recursions: the forecast for y, then the state updated with y. */
function step(state: State, spec: ModelSpec, t: number, y: number): number {
  const phase = t % spec.period;
  const season = spec.period > 1 ? state.seasonals[phase]! : 0;
  const phi = spec.trend === 'none' ? 0 : spec.phi;
  const forecast = state.level + phi * state.trend + season;
  const previousLevel = state.level;
  state.level = spec.alpha * (y - season) + (1 - spec.alpha) * (previousLevel + phi * state.trend);
  if (spec.trend !== 'none') {
    state.trend = spec.beta * (state.level - previousLevel) + (1 - spec.beta) * phi * state.trend;
  }
  if (spec.period > 1) {
    state.seasonals[phase] = spec.gamma * (y - state.level) + (1 - spec.gamma) * season;
  }
  return forecast;
}

/** Runs the model over the series; errors from `scoreFrom` on are scored. */
export function runModel(
  y: ArrayLike<number>,
  spec: ModelSpec,
  scoreFrom: number,
  keepResiduals = false,
): { sse: number; residuals: number[]; state: State } {
  const state = initialState(y, spec);
  const residuals: number[] = [];
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const error = y[t]! - step(state, spec, t, y[t]!);
    if (t >= scoreFrom) {
      sse += error * error;
      if (keepResiduals) residuals.push(error);
    }
  }
  return { sse, residuals, state };
}

function parameterCount(spec: ModelSpec): number {
  const smoothing = 1 + (spec.trend === 'none' ? 0 : 1) + (spec.period > 1 ? 1 : 0);
  const initial = 1 + (spec.trend === 'none' ? 0 : 1) + (spec.period > 1 ? spec.period - 1 : 0);
  return smoothing + initial;
}

function grid(period: number, trend: TrendKind): ModelSpec[] {
  const specs: ModelSpec[] = [];
  for (const alpha of ALPHAS) {
    for (const beta of trend === 'none' ? [0] : BETAS) {
      for (const gamma of period > 1 ? GAMMAS : [0]) {
        specs.push({ period, trend, alpha, beta, gamma, phi: trend === 'none' ? 1 : PHI });
      }
    }
  }
  return specs;
}

/** The seasonal periods worth trying for a series this long (2 .. n/4, capped). */
export function periodsToSearch(length: number, maxPeriod: number): number[] {
  const longest = Math.min(maxPeriod, Math.floor(length / 4));
  return [1, ...Array.from({ length: Math.max(0, longest - 1) }, (_, i) => i + 2)];
}

/**
 * The best model for the series: every period and trend kind, every grid point, scored on
 * the same window (after twice the longest period, which every candidate's start-up values
 * were estimated from) so their AICs compare.
 */
export function searchModel(
  y: ArrayLike<number>,
  maxPeriod: number,
): { best: FittedModel; candidates: FittedModel[]; evaluated: number } {
  const periods = periodsToSearch(y.length, maxPeriod);
  const longest = periods[periods.length - 1]!;
  const scoreFrom = longest > 1 ? 2 * longest : Math.min(1, y.length - 1);
  const scored = Math.max(1, y.length - scoreFrom);
  const candidates: FittedModel[] = [];
  let evaluated = 0;
  for (const period of periods) {
    for (const trend of ['none', 'damped'] as const) {
      let bestSpec: ModelSpec | undefined;
      let bestSse = Number.POSITIVE_INFINITY;
      for (const spec of grid(period, trend)) {
        const { sse } = runModel(y, spec, scoreFrom);
        evaluated++;
        if (sse < bestSse) {
          bestSse = sse;
          bestSpec = spec;
        }
      }
      const parameters = parameterCount(bestSpec!);
      candidates.push({
        ...bestSpec!,
        sse: bestSse,
        scored,
        parameters,
        aic: scored * Math.log(Math.max(bestSse / scored, 1e-9)) + 2 * parameters,
        rmse: Math.sqrt(bestSse / scored),
      });
    }
  }
  candidates.sort((a, b) => a.aic - b.aic || a.parameters - b.parameters);
  return { best: candidates[0]!, candidates, evaluated };
}

/** Small, fast, seedable PRNG (mulberry32): the same question gets the same interval. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Point forecasts and a bootstrap prediction interval for the next `horizon` days. */
export function forecastDemand(
  history: readonly number[],
  options: ForecastOptions,
): ForecastResult {
  const { horizon } = options;
  if (history.length === 0) {
    return {
      method: 'none',
      model: null,
      candidates: [],
      modelsEvaluated: 0,
      points: Array.from({ length: horizon }, (_, i) => ({
        step: i + 1,
        mean: 0,
        lower: 0,
        upper: 0,
      })),
    };
  }
  const y = Float64Array.from(history);
  const search = searchModel(y, options.maxPeriod);
  const model = search.best;
  const scoreFrom = y.length - model.scored;
  const fitted = runModel(y, model, Math.max(0, scoreFrom), true);
  const n = y.length;
  const phi = model.trend === 'none' ? 0 : model.phi;

  const means: number[] = [];
  let phiSum = 0;
  for (let h = 1; h <= horizon; h++) {
    phiSum += phi ** h;
    const season = model.period > 1 ? fitted.state.seasonals[(n - 1 + h) % model.period]! : 0;
    means.push(Math.max(0, fitted.state.level + phiSum * fitted.state.trend + season));
  }

  // Futures: run the model forward, each day's demand = its forecast + an error drawn from the
  // model's own past errors, then updated with that demand like a real day would.
  const residuals = fitted.residuals.length > 0 ? fitted.residuals : [0];
  const random = seededRandom(options.seed);
  const paths = Array.from({ length: horizon }, () => new Float64Array(options.samples));
  for (let s = 0; s < options.samples; s++) {
    const state: State = {
      level: fitted.state.level,
      trend: fitted.state.trend,
      seasonals: Float64Array.from(fitted.state.seasonals),
    };
    for (let h = 1; h <= horizon; h++) {
      const t = n - 1 + h;
      const season = model.period > 1 ? state.seasonals[t % model.period]! : 0;
      const forecast = state.level + phi * state.trend + season;
      const error = residuals[Math.floor(random() * residuals.length)]!;
      const demand = Math.max(0, forecast + error);
      step(state, model, t, demand);
      paths[h - 1]![s] = demand;
    }
  }
  const tail = (1 - options.level) / 2;
  const points = means.map((m, i) => {
    const sorted = paths[i]!.sort();
    return {
      step: i + 1,
      mean: round2(m),
      lower: round2(Math.min(m, quantile(sorted, tail))),
      upper: round2(Math.max(m, quantile(sorted, 1 - tail))),
    };
  });
  return {
    method: 'holt-winters-additive',
    model,
    candidates: search.candidates
      .slice(0, 10)
      .map(({ period, trend, aic, rmse }) => ({ period, trend, aic, rmse })),
    modelsEvaluated: search.evaluated,
    points,
  };
}
