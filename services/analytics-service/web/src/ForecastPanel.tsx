import { useState, type FormEvent } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ApiError, getJson } from './api';
import type { Forecast, Region } from './types';

interface Props {
  token: string;
  skus: string[];
  region: Region | '';
  onUnauthorized: () => void;
}

/** The heavy endpoint: asked for on demand, never streamed. */
export function ForecastPanel({ token, skus, region, onUnauthorized }: Props) {
  const [sku, setSku] = useState(skus[0] ?? '');
  const [horizon, setHorizon] = useState(14);
  const [result, setResult] = useState<Forecast>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!sku) return;
    setBusy(true);
    setError(undefined);
    const query = new URLSearchParams({ sku, horizonDays: String(horizon) });
    if (region) query.set('region', region);
    try {
      setResult(await getJson<Forecast>(`/forecast?${query}`, token));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onUnauthorized();
      setError(err instanceof ApiError ? err.message : 'The forecast failed.');
    } finally {
      setBusy(false);
    }
  };

  const data = result
    ? [
        ...result.history.daily.slice(-60).map((d) => ({ date: d.date, history: d.units })),
        ...result.forecast.map((d) => ({
          date: d.date,
          forecast: d.units,
          band: [d.lower, d.upper] as [number, number],
        })),
      ]
    : [];

  return (
    <section className="card wide" aria-labelledby="forecast-heading">
      <h2 id="forecast-heading">Demand forecast</h2>
      <form className="inline-form" onSubmit={run}>
        <label>
          SKU
          <select value={sku} onChange={(e) => setSku(e.target.value)}>
            {skus.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Days ahead
          <select value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
            {[7, 14, 30, 60, 90].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !sku}>
          {busy ? 'Forecasting…' : 'Forecast'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <p className="muted" role="status">
            {result.method === 'none'
              ? `No order history for ${result.sku} yet: the forecast is zero.`
              : `${result.sku}: ${result.history.days} days of history (${result.history.totalUnits} units); ${
                  result.model && result.model.period > 1
                    ? `a ${result.model.period}-day season`
                    : 'no season'
                }, trend ${result.model?.trend}; ${Math.round(result.level * 100)}% interval; ${result.modelsEvaluated} models in ${Math.round(result.computeMs)} ms.`}
          </p>
          <div
            className="chart"
            role="img"
            aria-label={`Demand history and forecast for ${result.sku}`}
          >
            <ResponsiveContainer width="100%" height={280}>
              <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" minTickGap={24} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Area
                  dataKey="band"
                  name="Interval"
                  stroke="none"
                  fill="#9ec5ee"
                  isAnimationActive={false}
                />
                <Line
                  dataKey="history"
                  name="Ordered"
                  stroke="#4a5561"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  dataKey="forecast"
                  name="Forecast"
                  stroke="#0b5cad"
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <details>
            <summary>Forecast as a table</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Units</th>
                  <th scope="col">Low</th>
                  <th scope="col">High</th>
                </tr>
              </thead>
              <tbody>
                {result.forecast.map((d) => (
                  <tr key={d.date}>
                    <td>{d.date}</td>
                    <td>{d.units}</td>
                    <td>{d.lower}</td>
                    <td>{d.upper}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
