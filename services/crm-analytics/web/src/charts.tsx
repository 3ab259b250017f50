import type { ReactElement, ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { money, moneyShort, percent, shortDay, shortId } from './format';
import type { ByDay, ByProduct, ByRegion, Dashboard, TopCustomers } from './types';

const COLORS = { revenue: '#1f5fa8', placed: '#8a6d00', confirmed: '#1b7a3e', aov: '#7a2d8c' };
const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'North America',
  'eu-west-1': 'Europe',
};

/**
 * One chart with a heading, a one-line summary and the same figures as a table (for screen
 * readers, keyboard users and anyone who wants the exact numbers).
 */
function ChartCard(props: {
  id: string;
  title: string;
  summary: string;
  empty: boolean;
  chart: ReactElement;
  table: ReactNode;
}) {
  return (
    <section className="card chart" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="summary">{props.summary}</p>
      {props.empty ? (
        <p className="empty">No confirmed sales in this range.</p>
      ) : (
        <div className="chart-area">
          <ResponsiveContainer width="100%" height={260}>
            {props.chart}
          </ResponsiveContainer>
        </div>
      )}
      <details>
        <summary>Show the figures as a table</summary>
        <div className="table-wrap">{props.table}</div>
      </details>
    </section>
  );
}

export function KeyFigures({ data }: { data: Dashboard }) {
  const { currency } = data.byDay.filters;
  const c = data.conversion;
  const aov = data.averageOrderValue;
  return (
    <section className="key-figures" aria-label="Key figures">
      <div className="card figure">
        <h2>Revenue</h2>
        <p className="value">{money(aov.revenueCents, currency)}</p>
        <p className="note">confirmed orders only</p>
      </div>
      <div className="card figure">
        <h2>Orders</h2>
        <p className="value">{c.placedOrders}</p>
        <p className="note">
          {c.confirmedOrders} confirmed · {c.failedOrders} failed · {c.pendingOrders} pending
        </p>
      </div>
      <div className="card figure">
        <h2>Average order value</h2>
        <p className="value">{money(aov.averageOrderValueCents, currency)}</p>
        <p className="note">over {aov.confirmedOrders} confirmed orders</p>
      </div>
      <div className="card figure">
        <h2>Conversion</h2>
        <p className="value">{percent(c.conversionRate)}</p>
        <p className="note">
          {c.confirmedOrders} of {c.placedOrders} placed orders confirmed
        </p>
      </div>
    </section>
  );
}

const rangeText = (r: { filters: { from: string; to: string } }) =>
  `${shortDay(r.filters.from)} – ${shortDay(r.filters.to)}`;

export function RevenueByDayChart({ report }: { report: ByDay }) {
  const { currency } = report.filters;
  const rows = report.days.map((d) => ({ ...d, label: shortDay(d.day) }));
  return (
    <ChartCard
      id="revenue-by-day"
      title="Revenue by day"
      summary={`${money(report.totals.revenueCents, currency)} from ${report.totals.confirmedOrders} confirmed orders, ${rangeText(report)}.`}
      empty={report.totals.placedOrders === 0}
      chart={
        <BarChart data={rows} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" minTickGap={12} />
          <YAxis tickFormatter={(v: number) => moneyShort(v, currency)} width={64} />
          <Tooltip formatter={(v) => money(Number(v), currency)} />
          <Bar dataKey="revenueCents" name="Revenue" fill={COLORS.revenue} />
        </BarChart>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Placed</th>
              <th scope="col">Confirmed</th>
              <th scope="col">Failed</th>
              <th scope="col">Pending</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.placedOrders}</td>
                <td>{d.confirmedOrders}</td>
                <td>{d.failedOrders}</td>
                <td>{d.pendingOrders}</td>
                <td>{money(d.revenueCents, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function ConversionByDayChart({ report }: { report: ByDay }) {
  const rows = report.days.map((d) => ({
    label: shortDay(d.day),
    placed: d.placedOrders,
    confirmed: d.confirmedOrders,
  }));
  return (
    <ChartCard
      id="conversion-by-day"
      title="Placed and confirmed orders"
      summary={`Conversion ${percent(report.totals.conversionRate)}: ${report.totals.confirmedOrders} of ${report.totals.placedOrders} orders placed were confirmed.`}
      empty={report.totals.placedOrders === 0}
      chart={
        <LineChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" minTickGap={12} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Legend />
          <Line type="linear" dataKey="placed" name="Placed" stroke={COLORS.placed} dot={false} />
          <Line
            type="linear"
            dataKey="confirmed"
            name="Confirmed"
            stroke={COLORS.confirmed}
            dot={false}
          />
        </LineChart>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Placed</th>
              <th scope="col">Confirmed</th>
              <th scope="col">Conversion</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.placedOrders}</td>
                <td>{d.confirmedOrders}</td>
                <td>{percent(d.conversionRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function AovByDayChart({ report }: { report: ByDay }) {
  const { currency } = report.filters;
  const rows = report.days.map((d) => ({
    label: shortDay(d.day),
    aov: d.averageOrderValueCents,
  }));
  return (
    <ChartCard
      id="aov-by-day"
      title="Average order value by day"
      summary={`Average order value ${money(report.totals.averageOrderValueCents, currency)} over the range.`}
      empty={report.totals.confirmedOrders === 0}
      chart={
        <LineChart data={rows} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" minTickGap={12} />
          <YAxis tickFormatter={(v: number) => moneyShort(v, currency)} width={64} />
          <Tooltip formatter={(v) => money(Number(v), currency)} />
          <Line type="linear" dataKey="aov" name="Average order value" stroke={COLORS.aov} />
        </LineChart>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Confirmed orders</th>
              <th scope="col">Average order value</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.confirmedOrders}</td>
                <td>{money(d.averageOrderValueCents, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function RevenueByRegionChart({ report }: { report: ByRegion }) {
  const { currency } = report.filters;
  const rows = report.regions.map((r) => ({ ...r, label: REGION_NAMES[r.region] ?? r.region }));
  const total = report.regions.reduce((s, r) => s + r.revenueCents, 0);
  return (
    <ChartCard
      id="revenue-by-region"
      title="Revenue by region"
      summary={report.regions
        .map((r) => `${REGION_NAMES[r.region] ?? r.region} ${money(r.revenueCents, currency)}`)
        .join(', ')}
      empty={total === 0}
      chart={
        <BarChart data={rows} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={(v: number) => moneyShort(v, currency)} width={64} />
          <Tooltip formatter={(v) => money(Number(v), currency)} />
          <Bar dataKey="revenueCents" name="Revenue" fill={COLORS.revenue} />
        </BarChart>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col">Placed</th>
              <th scope="col">Confirmed</th>
              <th scope="col">Conversion</th>
              <th scope="col">Average order value</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.region}>
                <th scope="row">
                  {r.label} ({r.region})
                </th>
                <td>{r.placedOrders}</td>
                <td>{r.confirmedOrders}</td>
                <td>{percent(r.conversionRate)}</td>
                <td>{money(r.averageOrderValueCents, currency)}</td>
                <td>{money(r.revenueCents, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function TopProductsChart({ report }: { report: ByProduct }) {
  const { currency } = report.filters;
  return (
    <ChartCard
      id="top-products"
      title="Top products"
      summary={
        report.products[0]
          ? `Best seller: ${report.products[0].productName} (${money(report.products[0].revenueCents, currency)}). ${report.productCount} products sold.`
          : 'No products sold in this range.'
      }
      empty={report.products.length === 0}
      chart={
        <BarChart
          data={report.products}
          layout="vertical"
          margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => moneyShort(v, currency)} />
          <YAxis type="category" dataKey="sku" width={72} />
          <Tooltip
            formatter={(v) => money(Number(v), currency)}
            labelFormatter={(sku) =>
              report.products.find((p) => p.sku === sku)?.productName ?? String(sku)
            }
          />
          <Bar dataKey="revenueCents" name="Revenue" fill={COLORS.confirmed} />
        </BarChart>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Units sold</th>
              <th scope="col">Orders</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {report.products.map((p) => (
              <tr key={p.sku}>
                <th scope="row">{p.productName}</th>
                <td>{p.sku}</td>
                <td>{p.unitsSold}</td>
                <td>{p.confirmedOrders}</td>
                <td>{money(p.revenueCents, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function TopCustomersChart(props: { report: TopCustomers; names: Record<string, string> }) {
  const { report, names } = props;
  const { currency } = report.filters;
  const nameOf = (id: string) => names[id] ?? `Customer ${shortId(id)}`;
  const rows = report.customers.map((c) => ({ ...c, label: nameOf(c.customerId) }));
  return (
    <ChartCard
      id="top-customers"
      title="Top customers"
      summary={
        rows[0]
          ? `${rows[0].label} leads with ${money(rows[0].revenueCents, currency)} over ${rows[0].confirmedOrders} confirmed orders. ${report.customerCount} customers bought.`
          : 'No customer bought in this range.'
      }
      empty={rows.length === 0}
      chart={
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => moneyShort(v, currency)} />
          <YAxis type="category" dataKey="label" width={110} />
          <Tooltip formatter={(v) => money(Number(v), currency)} />
          <Bar dataKey="revenueCents" name="Revenue" fill={COLORS.revenue} />
        </BarChart>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Region</th>
              <th scope="col">Confirmed orders</th>
              <th scope="col">All orders</th>
              <th scope="col">Average order value</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.customerId}>
                <th scope="row" title={c.customerId}>
                  {c.label}
                </th>
                <td>{REGION_NAMES[c.region] ?? c.region}</td>
                <td>{c.confirmedOrders}</td>
                <td>{c.placedOrders}</td>
                <td>{money(c.averageOrderValueCents, currency)}</td>
                <td>{money(c.revenueCents, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
