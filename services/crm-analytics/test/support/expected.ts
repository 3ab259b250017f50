import type { Queryable } from '@globalretail/service-kit';

/**
 * The reference the tests hold the service to: every figure recomputed in plain code from a
 * list of orders (read from crm-api's own tables, or the orders a test made up), without
 * the projection or its SQL.
 */
export interface ReferenceOrder {
  id: string;
  customerId: string;
  region: string;
  status: 'PENDING' | 'CONFIRMED' | 'FAILED';
  totalCents: number;
  currency: string;
  placedAt: Date;
  lines: { sku: string; productName: string; quantity: number; unitPriceCents: number }[];
}

export interface Filters {
  from: string;
  to: string;
  region?: string;
  currency?: string;
}

/** Every order crm-api holds, with its lines, as the reference sees them. */
export async function ordersFromCrm(db: Queryable): Promise<ReferenceOrder[]> {
  const orders = await db.query(
    'SELECT id, customer_id, region, status, total_cents, currency, created_at FROM crm.orders',
  );
  const lines = await db.query(
    'SELECT order_id, sku, product_name, quantity, unit_price_cents FROM crm.order_lines ORDER BY line_no',
  );
  return orders.rows.map((o) => ({
    id: o.id,
    customerId: o.customer_id,
    region: o.region,
    status: o.status,
    totalCents: Number(o.total_cents),
    currency: o.currency,
    placedAt: o.created_at,
    lines: lines.rows
      .filter((l) => l.order_id === o.id)
      .map((l) => ({
        sku: l.sku,
        productName: l.product_name,
        quantity: l.quantity,
        unitPriceCents: Number(l.unit_price_cents),
      })),
  }));
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const aov = (revenue: number, n: number) => (n === 0 ? null : Math.round(revenue / n));

function counts(orders: ReferenceOrder[]) {
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  const placed = orders.length;
  const revenue = confirmed.reduce((sum, o) => sum + o.totalCents, 0);
  return {
    placedOrders: placed,
    confirmedOrders: confirmed.length,
    failedOrders: orders.filter((o) => o.status === 'FAILED').length,
    pendingOrders: orders.filter((o) => o.status === 'PENDING').length,
    revenueCents: revenue,
    conversionRate: placed === 0 ? null : confirmed.length / placed,
    averageOrderValueCents: aov(revenue, confirmed.length),
  };
}

/** The answers every /sales endpoint should give for these filters. */
export function expectedFigures(all: ReferenceOrder[], f: Filters, limit = 10) {
  const currency = f.currency ?? 'USD';
  const inRange = all.filter(
    (o) =>
      dayOf(o.placedAt) >= f.from &&
      dayOf(o.placedAt) <= f.to &&
      (!f.region || o.region === f.region) &&
      o.currency === currency,
  );
  const confirmed = inRange.filter((o) => o.status === 'CONFIRMED');
  const filters = { from: f.from, to: f.to, region: f.region ?? null, currency };

  const products = new Map<
    string,
    {
      sku: string;
      productName: string;
      unitsSold: number;
      confirmedOrders: number;
      revenueCents: number;
      latest: Date;
    }
  >();
  for (const o of confirmed) {
    for (const l of o.lines) {
      const p = products.get(l.sku) ?? {
        sku: l.sku,
        productName: l.productName,
        unitsSold: 0,
        confirmedOrders: 0,
        revenueCents: 0,
        latest: o.placedAt,
      };
      p.unitsSold += l.quantity;
      p.confirmedOrders += 1;
      p.revenueCents += l.quantity * l.unitPriceCents;
      if (o.placedAt >= p.latest) {
        p.latest = o.placedAt;
        p.productName = l.productName;
      }
      products.set(l.sku, p);
    }
  }
  const productRows = [...products.values()]
    .sort((a, b) => b.revenueCents - a.revenueCents || cmp(a.sku, b.sku))
    .map(({ latest: _, ...p }) => p);

  const customers = new Map<string, ReferenceOrder[]>();
  for (const o of inRange) customers.set(o.customerId, [...(customers.get(o.customerId) ?? []), o]);
  const customerRows = [...customers.entries()]
    .map(([customerId, orders]) => {
      const ok = orders.filter((o) => o.status === 'CONFIRMED');
      const revenueCents = ok.reduce((s, o) => s + o.totalCents, 0);
      const latest = [...orders].sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime())[0]!;
      return {
        customerId,
        region: latest.region,
        confirmedOrders: ok.length,
        placedOrders: orders.length,
        revenueCents,
        averageOrderValueCents: aov(revenueCents, ok.length),
        lastOrderAt: ok.length
          ? new Date(Math.max(...ok.map((o) => o.placedAt.getTime()))).toISOString()
          : null,
      };
    })
    .filter((c) => c.confirmedOrders > 0)
    .sort((a, b) => b.revenueCents - a.revenueCents || cmp(a.customerId, b.customerId));

  const total = counts(inRange);
  const regions = f.region ? [f.region] : ['eu-west-1', 'us-east-1'];
  return {
    byDay: {
      filters,
      days: daysBetween(f.from, f.to).map((day) => ({
        day,
        ...counts(inRange.filter((o) => dayOf(o.placedAt) === day)),
      })),
      totals: total,
    },
    byRegion: {
      filters,
      regions: regions.map((region) => ({
        region,
        ...counts(inRange.filter((o) => o.region === region)),
      })),
    },
    byProduct: { filters, products: productRows.slice(0, limit), productCount: productRows.length },
    topCustomers: {
      filters,
      customers: customerRows.slice(0, limit),
      customerCount: customerRows.length,
    },
    averageOrderValue: {
      filters,
      confirmedOrders: total.confirmedOrders,
      revenueCents: total.revenueCents,
      averageOrderValueCents: aov(total.revenueCents, total.confirmedOrders),
    },
    conversion: {
      filters,
      placedOrders: total.placedOrders,
      confirmedOrders: total.confirmedOrders,
      failedOrders: total.failedOrders,
      pendingOrders: total.pendingOrders,
      conversionRate: total.conversionRate,
    },
  };
}

export const ENDPOINTS = {
  byDay: '/sales/by-day',
  byRegion: '/sales/by-region',
  byProduct: '/sales/by-product',
  topCustomers: '/sales/top-customers',
  averageOrderValue: '/sales/average-order-value',
  conversion: '/sales/conversion',
} as const;
