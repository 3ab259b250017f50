import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, customerNames, type FilterInput, loadDashboard } from './api';
import {
  AovByDayChart,
  ConversionByDayChart,
  KeyFigures,
  RevenueByDayChart,
  RevenueByRegionChart,
  TopCustomersChart,
  TopProductsChart,
} from './charts';
import type { Dashboard, Session } from './types';

function filtersFromUrl(): FilterInput {
  const params = new URLSearchParams(window.location.search);
  return {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    region: params.get('region') ?? undefined,
  };
}

export function DashboardPage(props: { session: Session; onSignOut: (reason?: string) => void }) {
  const { session, onSignOut } = props;
  const [input, setInput] = useState<FilterInput>(filtersFromUrl);
  const [data, setData] = useState<Dashboard | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const load = useCallback(
    async (filters: FilterInput) => {
      const call = ++latest.current;
      setLoading(true);
      setError(null);
      try {
        const dashboard = await loadDashboard(session, filters);
        if (call !== latest.current) return;
        setData(dashboard);
        // The server fills in defaults (the last 30 days): show and keep what it answered.
        const f = dashboard.byDay.filters;
        setInput({ from: f.from, to: f.to, region: f.region ?? '' });
        const params = new URLSearchParams({ from: f.from, to: f.to });
        if (f.region) params.set('region', f.region);
        window.history.replaceState(null, '', `${window.location.pathname}?${params}`);
        const ids = dashboard.topCustomers.customers.map((c) => c.customerId);
        setNames(await customerNames(session, ids));
      } catch (err) {
        if (call !== latest.current) return;
        if (err instanceof ApiError && err.status === 401) {
          onSignOut(err.message);
          return;
        }
        setError(err instanceof ApiError ? err.message : 'Loading the figures failed. Try again.');
      } finally {
        if (call === latest.current) setLoading(false);
      }
    },
    [session, onSignOut],
  );

  useEffect(() => {
    void load(filtersFromUrl());
  }, [load]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (input.from && input.to && input.from > input.to) {
      setError('The “From date” must be on or before the “To date”.');
      return;
    }
    void load(input);
  }

  return (
    <>
      <header className="top">
        <h1>Sales insight</h1>
        <div className="who">
          <span>
            Signed in as <strong>{session.email}</strong>
          </span>
          <button type="button" className="secondary" onClick={() => onSignOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <form className="filters" onSubmit={submit} aria-label="Filters" noValidate>
          <div className="field">
            <label htmlFor="from">From date</label>
            <input
              id="from"
              name="from"
              type="date"
              value={input.from ?? ''}
              max={input.to || undefined}
              onChange={(e) => setInput({ ...input, from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="to">To date</label>
            <input
              id="to"
              name="to"
              type="date"
              value={input.to ?? ''}
              min={input.from || undefined}
              onChange={(e) => setInput({ ...input, to: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="region">Region</label>
            <select
              id="region"
              name="region"
              value={input.region ?? ''}
              onChange={(e) => setInput({ ...input, region: e.target.value })}
            >
              <option value="">All regions</option>
              <option value="us-east-1">North America (us-east-1)</option>
              <option value="eu-west-1">Europe (eu-west-1)</option>
            </select>
          </div>
          <button type="submit" disabled={loading}>
            Show figures
          </button>
        </form>
        <p className="hint">Days are UTC. Both dates are included.</p>

        <div aria-live="polite" className="status">
          {loading && <p role="status">Loading figures…</p>}
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}

        {data && (
          <div aria-busy={loading}>
            <KeyFigures data={data} />
            <div className="charts">
              <RevenueByDayChart report={data.byDay} />
              <ConversionByDayChart report={data.byDay} />
              <AovByDayChart report={data.byDay} />
              <RevenueByRegionChart report={data.byRegion} />
              <TopProductsChart report={data.byProduct} />
              <TopCustomersChart report={data.topCustomers} names={names} />
            </div>
            <section className="basis" aria-labelledby="basis-title">
              <h2 id="basis-title">How the figures are counted</h2>
              <ul>
                {[...new Set(Object.values(data).flatMap((r) => r.basis))].map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            </section>
          </div>
        )}
      </main>
    </>
  );
}
