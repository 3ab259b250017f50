import { useMemo, useState, type ReactElement, type ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ForecastPanel } from './ForecastPanel';
import { count, inFlight, minuteLabel, percent, statusLabel } from './format';
import type { Region, Session, SupplySummary } from './types';
import { useSummaryStream, type StreamFilter } from './useSummaryStream';

const PERIODS: { label: string; hours: number | '' }[] = [
  { label: 'Last hour', hours: 1 },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 168 },
  { label: 'Last 30 days', hours: 720 },
  { label: 'All time', hours: '' },
];
const WAREHOUSE_COLORS = ['#0b5cad', '#d9730d', '#2e7d32', '#8e24aa'];
const GOOD = '#2e7d32';
const BAD = '#c62828';

interface Props {
  session: Session;
  onSignOut: () => void;
}

export function Dashboard({ session, onSignOut }: Props) {
  const [filter, setFilter] = useState<StreamFilter>({ region: '', periodHours: 24 });
  const { summary, status, failures } = useSummaryStream(session.token, filter, onSignOut);
  const skus = useMemo(
    () => [...new Set(summary?.stock.rows.map((r) => r.sku) ?? [])].sort(),
    [summary?.stock.rows],
  );

  return (
    <>
      <header className="topbar">
        <h1>Supply chain</h1>
        <div className="filters">
          <label>
            Region
            <select
              value={filter.region}
              onChange={(e) => setFilter({ ...filter, region: e.target.value as Region | '' })}
            >
              <option value="">All regions</option>
              <option value="us-east-1">us-east-1</option>
              <option value="eu-west-1">eu-west-1</option>
            </select>
          </label>
          <label>
            Period
            <select
              value={String(filter.periodHours)}
              onChange={(e) =>
                setFilter({ ...filter, periodHours: e.target.value ? Number(e.target.value) : '' })
              }
            >
              {PERIODS.map((p) => (
                <option key={p.label} value={String(p.hours)}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className={`live live-${status}`} role="status">
          {status === 'live'
            ? `Live · updated ${summary ? new Date(summary.generatedAt).toLocaleTimeString() : ''}`
            : status === 'connecting'
              ? 'Connecting…'
              : `Reconnecting (attempt ${failures})…`}
        </p>
        <div className="who">
          <span>{session.name}</span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        {!summary ? (
          <p className="card" role="status">
            Loading figures…
          </p>
        ) : (
          <Figures summary={summary} />
        )}
        <ForecastPanel
          key={skus.length > 0 ? 'ready' : 'empty'}
          token={session.token}
          skus={skus}
          region={filter.region}
          onUnauthorized={onSignOut}
        />
      </main>
    </>
  );
}

function Figures({ summary }: { summary: SupplySummary }) {
  const { stock, shipments, fillRate, onTime, ordersPerMinute, lowStock } = summary;
  const period = summary.periodHours
    ? (PERIODS.find((p) => p.hours === summary.periodHours)?.label ??
      `Last ${summary.periodHours} h`)
    : 'All time';
  const warehouses = stock.byWarehouse.map((w) => w.warehouseId);
  const stockBySku = useMemo(() => {
    const bySku = new Map<string, Record<string, number | string>>();
    for (const row of stock.rows) {
      const entry = bySku.get(row.sku) ?? { sku: row.sku };
      entry[row.warehouseId] = row.available;
      bySku.set(row.sku, entry);
    }
    return [...bySku.values()];
  }, [stock.rows]);
  const statusData = Object.entries(shipments.byStatus).map(([s, n]) => ({
    status: statusLabel(s),
    shipments: n,
  }));
  const minutes = ordersPerMinute.buckets.map((b) => ({ ...b, time: minuteLabel(b.minute) }));

  return (
    <>
      <section aria-label="Key figures" className="kpis">
        <Kpi label="Fill rate" value={percent(fillRate.fillRate)}>
          {count(fillRate.unitsConfirmed)} of {count(fillRate.unitsOrdered)} units · {period}
        </Kpi>
        <Kpi label="On-time delivery" value={percent(onTime.onTimeRate)}>
          {count(onTime.onTime)} of {count(onTime.delivered)} delivered · {period}
        </Kpi>
        <Kpi label="Orders, last 60 min" value={count(ordersPerMinute.total)}>
          {ordersPerMinute.averagePerMinute} per minute
        </Kpi>
        <Kpi label="Shipments on the way" value={count(inFlight(shipments.byStatus))}>
          of {count(shipments.total)} · {period}
        </Kpi>
        <Kpi label="Low-stock rows" value={count(lowStock.currentlyLow)}>
          {count(stock.totals.available)} units available
        </Kpi>
      </section>

      <div className="grid">
        <ChartCard id="opm" title="Orders per minute (last hour)">
          <AreaChart data={minutes} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="time" minTickGap={28} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Area
              dataKey="confirmed"
              name="Confirmed"
              stackId="o"
              stroke={GOOD}
              fill="#a5d6a7"
              isAnimationActive={false}
            />
            <Area
              dataKey="failed"
              name="Failed"
              stackId="o"
              stroke={BAD}
              fill="#ef9a9a"
              isAnimationActive={false}
            />
          </AreaChart>
        </ChartCard>

        <ChartCard id="shipments" title={`Shipments by status · ${period}`}>
          <BarChart data={statusData} margin={{ top: 8, right: 12, bottom: 8, left: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="status" interval={0} angle={-30} textAnchor="end" height={70} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="shipments" name="Shipments" fill="#0b5cad" isAnimationActive={false} />
          </BarChart>
        </ChartCard>

        <ChartCard id="fill" title={`Fill rate · ${period}`} height={220}>
          <PieChart>
            <Pie
              data={[
                { name: 'Units confirmed', value: fillRate.unitsConfirmed },
                {
                  name: 'Units not filled',
                  value: fillRate.unitsOrdered - fillRate.unitsConfirmed,
                },
              ]}
              dataKey="value"
              nameKey="name"
              innerRadius={50}
              outerRadius={80}
              isAnimationActive={false}
            >
              <Cell fill={GOOD} />
              <Cell fill={BAD} />
            </Pie>
            <Tooltip />
            <Legend />
          </PieChart>
        </ChartCard>

        <ChartCard id="ontime" title={`On-time delivery · ${period}`} height={220}>
          <PieChart>
            <Pie
              data={[
                { name: 'On time', value: onTime.onTime },
                { name: 'Late', value: onTime.late },
              ]}
              dataKey="value"
              nameKey="name"
              innerRadius={50}
              outerRadius={80}
              isAnimationActive={false}
            >
              <Cell fill={GOOD} />
              <Cell fill={BAD} />
            </Pie>
            <Tooltip />
            <Legend />
          </PieChart>
        </ChartCard>

        <ChartCard
          id="stock"
          title="Available stock by SKU and warehouse"
          wide
          height={320}
          minWidth={stockBySku.length * 28}
        >
          <BarChart data={stockBySku} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="sku" interval={0} angle={-60} textAnchor="end" height={70} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {warehouses.map((w, i) => (
              <Bar
                key={w}
                dataKey={w}
                name={w}
                fill={WAREHOUSE_COLORS[i % WAREHOUSE_COLORS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ChartCard>
      </div>

      <section className="card wide" aria-labelledby="low-heading">
        <h2 id="low-heading">Low stock now</h2>
        {stock.rows.filter((r) => r.low).length === 0 ? (
          <p className="muted">No row is at or below its threshold.</p>
        ) : (
          <table>
            <caption className="sr-only">Stock rows at or below their low-stock threshold</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Warehouse</th>
                <th scope="col">Available</th>
                <th scope="col">Threshold</th>
              </tr>
            </thead>
            <tbody>
              {stock.rows
                .filter((r) => r.low)
                .map((r) => (
                  <tr key={`${r.sku}-${r.warehouseId}`}>
                    <td>{r.sku}</td>
                    <td>{r.warehouseId}</td>
                    <td>{r.available}</td>
                    <td>{r.lowStockThreshold}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        <h3>Recent alerts</h3>
        {lowStock.recentAlerts.length === 0 ? (
          <p className="muted">No low-stock alerts yet.</p>
        ) : (
          <ul className="alerts">
            {lowStock.recentAlerts.map((a) => (
              <li key={a.eventId}>
                <time dateTime={a.occurredAt}>{new Date(a.occurredAt).toLocaleString()}</time>{' '}
                <strong>{a.sku}</strong> in {a.warehouseId}: {a.available} available (threshold{' '}
                {a.threshold})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Kpi({ label, value, children }: { label: string; value: string; children: ReactNode }) {
  return (
    <div className="card kpi">
      <p className="kpi-label">{label}</p>
      <p className="kpi-value">{value}</p>
      <p className="muted">{children}</p>
    </div>
  );
}

function ChartCard({
  id,
  title,
  children,
  wide,
  height = 260,
  minWidth,
}: {
  id: string;
  title: string;
  children: ReactNode;
  wide?: boolean;
  height?: number;
  /** Below this width the chart scrolls sideways instead of squeezing its bars. */
  minWidth?: number;
}) {
  return (
    <figure className={`card chart-card${wide ? ' wide' : ''}`} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="chart-scroll">
        <div style={minWidth ? { minWidth } : undefined}>
          <ResponsiveContainer width="100%" height={height}>
            {children as ReactElement}
          </ResponsiveContainer>
        </div>
      </div>
    </figure>
  );
}
