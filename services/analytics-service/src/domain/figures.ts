import type { Pool } from '@globalretail/service-kit';
import { listLowStockAlerts } from '../repositories/alerts';
import { deliveryPunctuality, shipmentStatusCounts } from '../repositories/shipments';
import { lastSnapshot, liveStock } from '../repositories/stock';
import {
  orderTotalsByRegion,
  ordersByMinute,
  type OrderTotals,
} from '../repositories/supply-orders';
import type { LowStockAlert, RangeFilter, StockFilter, StockRow } from './types';

export const SHIPMENT_STATUSES = [
  'LABEL_CREATED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'EXCEPTION',
  'CANCELLED',
] as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A share rounded to 4 decimals, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

interface Totals {
  onHand: number;
  reserved: number;
  available: number;
}

const sumStock = (rows: readonly StockRow[]): Totals => ({
  onHand: rows.reduce((s, r) => s + r.onHand, 0),
  reserved: rows.reduce((s, r) => s + r.reserved, 0),
  available: rows.reduce((s, r) => s + r.available, 0),
});

export function stockFigure(rows: StockRow[]) {
  const warehouses = [...new Set(rows.map((r) => r.warehouseId))].sort();
  return {
    totals: sumStock(rows),
    lowCount: rows.filter((r) => r.low).length,
    byWarehouse: warehouses.map((warehouseId) => {
      const own = rows.filter((r) => r.warehouseId === warehouseId);
      return {
        warehouseId,
        region: own.find((r) => r.region)?.region ?? null,
        skus: own.length,
        lowCount: own.filter((r) => r.low).length,
        ...sumStock(own),
      };
    }),
    rows,
  };
}

interface OrderFigures {
  orders: { confirmed: number; failed: number; total: number };
  unitsOrdered: number;
  unitsConfirmed: number;
  /** Units confirmed / units ordered; null when nothing was ordered. */
  fillRate: number | null;
}

function orderFigures(rows: readonly OrderTotals[]): OrderFigures {
  const confirmed = rows.reduce((s, r) => s + r.confirmed, 0);
  const failed = rows.reduce((s, r) => s + r.failed, 0);
  const unitsOrdered = rows.reduce((s, r) => s + r.unitsOrdered, 0);
  const unitsConfirmed = rows.reduce((s, r) => s + r.unitsConfirmed, 0);
  return {
    orders: { confirmed, failed, total: confirmed + failed },
    unitsOrdered,
    unitsConfirmed,
    fillRate: ratio(unitsConfirmed, unitsOrdered),
  };
}

export function fillRateFigure(rows: OrderTotals[]) {
  return {
    ...orderFigures(rows),
    byRegion: rows.map((r) => ({ region: r.region, ...orderFigures([r]) })),
  };
}

type StatusCounts = Record<string, number>;

function statusCounts(rows: readonly { status: string; count: number }[]): StatusCounts {
  const counts: StatusCounts = Object.fromEntries(SHIPMENT_STATUSES.map((s) => [s, 0]));
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + r.count;
  return counts;
}

export function shipmentFigure(rows: { region: string | null; status: string; count: number }[]) {
  const regions = [...new Set(rows.map((r) => r.region))];
  return {
    total: rows.reduce((s, r) => s + r.count, 0),
    byStatus: statusCounts(rows),
    byRegion: regions.map((region) => {
      const own = rows.filter((r) => r.region === region);
      return {
        region,
        total: own.reduce((s, r) => s + r.count, 0),
        byStatus: statusCounts(own),
      };
    }),
  };
}

interface Punctuality {
  region: string | null;
  delivered: number;
  onTime: number;
  unknownPromise: number;
}

function punctualityFigures(rows: readonly Punctuality[]) {
  const delivered = rows.reduce((s, r) => s + r.delivered, 0);
  const onTime = rows.reduce((s, r) => s + r.onTime, 0);
  return {
    delivered,
    onTime,
    late: delivered - onTime,
    /** Delivered at or before the ETA given at creation / delivered; null when none. */
    onTimeRate: ratio(onTime, delivered),
    unknownPromise: rows.reduce((s, r) => s + r.unknownPromise, 0),
  };
}

export function onTimeFigure(rows: Punctuality[]) {
  return {
    ...punctualityFigures(rows),
    byRegion: rows.map((r) => ({ region: r.region, ...punctualityFigures([r]) })),
  };
}

/** The window of the last `minutes` minutes, the current (partial) minute last. */
export function minuteWindow(now: Date, minutes: number): { from: Date; to: Date } {
  const currentMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return {
    from: new Date(currentMinute - (minutes - 1) * MINUTE_MS),
    to: new Date(currentMinute + MINUTE_MS),
  };
}

/** One bucket per minute of the window, zeros included, oldest first. */
export function minuteBuckets(
  rows: readonly { minute: Date; confirmed: number; failed: number }[],
  from: Date,
  minutes: number,
) {
  const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r]));
  return Array.from({ length: minutes }, (_, i) => {
    const start = from.getTime() + i * MINUTE_MS;
    const row = byMinute.get(start);
    const confirmed = row?.confirmed ?? 0;
    const failed = row?.failed ?? 0;
    return { minute: new Date(start).toISOString(), confirmed, failed, total: confirmed + failed };
  });
}

const iso = (d: Date | undefined) => d?.toISOString() ?? null;

/** The figures of the supply dashboard, each from the read models in one or two queries. */
export class SupplyFigures {
  constructor(private readonly deps: { pool: Pool; now: () => Date }) {}

  async stock(filter: StockFilter & { lowOnly?: boolean }) {
    const [rows, snapshot] = await Promise.all([
      liveStock(this.deps.pool, filter),
      lastSnapshot(this.deps.pool),
    ]);
    const selected = filter.lowOnly ? rows.filter((r) => r.low) : rows;
    return { generatedAt: this.deps.now().toISOString(), snapshot, ...stockFigure(selected) };
  }

  async lowStock(filter: RangeFilter & { sku?: string; limit: number }) {
    const [rows, alerts] = await Promise.all([
      liveStock(this.deps.pool, { region: filter.region, sku: filter.sku }),
      listLowStockAlerts(this.deps.pool, filter),
    ]);
    return {
      range: { from: iso(filter.from), to: iso(filter.to) },
      currentlyLow: rows.filter((r) => r.low),
      totalAlerts: alerts.total,
      alerts: alerts.alerts,
    };
  }

  async fillRate(filter: RangeFilter) {
    return {
      range: { from: iso(filter.from), to: iso(filter.to) },
      region: filter.region ?? null,
      ...fillRateFigure(await orderTotalsByRegion(this.deps.pool, filter)),
    };
  }

  async shipments(filter: RangeFilter) {
    return {
      range: { from: iso(filter.from), to: iso(filter.to) },
      region: filter.region ?? null,
      ...shipmentFigure(await shipmentStatusCounts(this.deps.pool, filter)),
    };
  }

  async onTime(filter: RangeFilter) {
    return {
      range: { from: iso(filter.from), to: iso(filter.to) },
      region: filter.region ?? null,
      ...onTimeFigure(await deliveryPunctuality(this.deps.pool, filter)),
    };
  }

  async ordersPerMinute(filter: { region?: RangeFilter['region']; minutes: number }) {
    const window = minuteWindow(this.deps.now(), filter.minutes);
    const rows = await ordersByMinute(this.deps.pool, { ...window, region: filter.region });
    const buckets = minuteBuckets(rows, window.from, filter.minutes);
    const total = buckets.reduce((s, b) => s + b.total, 0);
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      region: filter.region ?? null,
      minutes: filter.minutes,
      total,
      averagePerMinute: Math.round((total / filter.minutes) * 100) / 100,
      buckets,
    };
  }

  /**
   * Everything the dashboard shows at once (what the live stream pushes): live stock, the
   * recent low-stock alerts, shipments, fill rate and on-time rate over the last
   * `periodHours` (all time when absent), and orders per minute over the last hour.
   */
  async summary(filter: { region?: RangeFilter['region']; periodHours?: number }) {
    const now = this.deps.now();
    const range: RangeFilter = {
      region: filter.region,
      from: filter.periodHours ? new Date(now.getTime() - filter.periodHours * HOUR_MS) : undefined,
    };
    const [stock, lowStock, shipments, fillRate, onTime, ordersPerMinute] = await Promise.all([
      this.stock({ region: filter.region }),
      this.lowStock({ region: filter.region, limit: 10 }),
      this.shipments(range),
      this.fillRate(range),
      this.onTime(range),
      this.ordersPerMinute({ region: filter.region, minutes: 60 }),
    ]);
    const recentAlerts: LowStockAlert[] = lowStock.alerts;
    return {
      generatedAt: now.toISOString(),
      region: filter.region ?? null,
      periodHours: filter.periodHours ?? null,
      stock,
      lowStock: { currentlyLow: lowStock.currentlyLow.length, recentAlerts },
      shipments,
      fillRate,
      onTime,
      ordersPerMinute,
    };
  }
}

export type SupplySummary = Awaited<ReturnType<SupplyFigures['summary']>>;
