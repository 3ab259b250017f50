import { type Queryable, REGIONS } from '@globalretail/service-kit';
import {
  countsByDay,
  countsByRegion,
  type OrderCounts,
  productSales,
  topCustomers,
  totals,
} from '../repositories/sales';
import { findOrder, orderLines, statusHistory } from '../repositories/orders';
import type { SalesFilters } from './sales-filters';

/** Said in every answer, so nobody has to guess what a figure counts. */
export const BASIS = {
  revenue:
    'Revenue is the total of CONFIRMED orders only (placed, pending and failed orders add nothing), in integer cents of the filtered currency.',
  day: 'An order counts on the UTC calendar day it was placed, for every figure: revenue, order counts and conversion.',
  conversion:
    'Conversion is confirmed / placed among the orders placed in the range; orders still PENDING count as placed, not confirmed.',
  averageOrderValue:
    'Average order value is confirmed revenue / confirmed orders, rounded half up to whole cents; null without confirmed orders.',
} as const;

/** confirmed / placed; null when nothing was placed. */
export function conversionRate(placed: number, confirmed: number): number | null {
  return placed === 0 ? null : confirmed / placed;
}

/** revenue / orders rounded half up to whole cents, in integers (no float rounding surprises). */
export function averageOrderValueCents(revenueCents: number, orders: number): number | null {
  if (orders === 0) return null;
  return Math.floor((2 * revenueCents + orders) / (2 * orders));
}

/** Adds the two ratios every row of counts carries. */
const withRatios = <T extends OrderCounts>(row: T) => ({
  ...row,
  conversionRate: conversionRate(row.placedOrders, row.confirmedOrders),
  averageOrderValueCents: averageOrderValueCents(row.revenueCents, row.confirmedOrders),
});

const echo = (f: SalesFilters) => ({
  from: f.from,
  to: f.to,
  region: f.region,
  currency: f.currency,
});

/** The sales figures the API serves, each with the filters it answers and its definition. */
export class SalesReports {
  constructor(private readonly db: Queryable) {}

  async byDay(f: SalesFilters) {
    const days = await countsByDay(this.db, f);
    return {
      filters: echo(f),
      basis: [BASIS.revenue, BASIS.day],
      days: days.map(withRatios),
      totals: withRatios(await totals(this.db, f)),
    };
  }

  async byRegion(f: SalesFilters) {
    const regions = await countsByRegion(this.db, f, f.region ? [f.region] : REGIONS);
    return {
      filters: echo(f),
      basis: [BASIS.revenue, BASIS.day],
      regions: regions.map(withRatios),
    };
  }

  async byProduct(f: SalesFilters, limit: number) {
    const { rows, productCount } = await productSales(this.db, f, limit);
    return {
      filters: echo(f),
      basis: [
        'Product revenue is quantity × unit price of the lines of CONFIRMED orders, at the price each order was placed with.',
        BASIS.day,
      ],
      products: rows,
      productCount,
    };
  }

  async topCustomers(f: SalesFilters, limit: number) {
    const { rows, customerCount } = await topCustomers(this.db, f, limit);
    return {
      filters: echo(f),
      basis: [
        'Customers are ranked by confirmed revenue; placedOrders counts all their orders placed in the range.',
        BASIS.day,
      ],
      customers: rows.map((c) => ({
        ...c,
        averageOrderValueCents: averageOrderValueCents(c.revenueCents, c.confirmedOrders),
      })),
      customerCount,
    };
  }

  async averageOrderValue(f: SalesFilters) {
    const t = await totals(this.db, f);
    return {
      filters: echo(f),
      basis: [BASIS.averageOrderValue, BASIS.day],
      confirmedOrders: t.confirmedOrders,
      revenueCents: t.revenueCents,
      averageOrderValueCents: averageOrderValueCents(t.revenueCents, t.confirmedOrders),
    };
  }

  async conversion(f: SalesFilters) {
    const t = await totals(this.db, f);
    return {
      filters: echo(f),
      basis: [BASIS.conversion, BASIS.day],
      placedOrders: t.placedOrders,
      confirmedOrders: t.confirmedOrders,
      failedOrders: t.failedOrders,
      pendingOrders: t.pendingOrders,
      conversionRate: conversionRate(t.placedOrders, t.confirmedOrders),
    };
  }

  /** One projected order with its lines and every status reported for it. */
  async order(orderId: string) {
    const order = await findOrder(this.db, orderId);
    if (!order) return undefined;
    return {
      orderId: order.orderId,
      customerId: order.customerId,
      region: order.region,
      currency: order.currency,
      totalCents: order.totalCents,
      status: order.status,
      placedAt: order.placedAt.toISOString(),
      placedOn: order.placedAt.toISOString().slice(0, 10),
      endedAt: order.endedAt?.toISOString() ?? null,
      failureReason: order.failureReason,
      lines: await orderLines(this.db, orderId),
      history: await statusHistory(this.db, orderId),
    };
  }
}
