import type { Region } from '@globalretail/service-kit';

/** The PostgreSQL schema this service owns (projections, inbox). */
export const SCHEMA = 'supply_analytics';

/** Notified (pg_notify) in every event transaction, so every replica's live stream refreshes. */
export const CHANGE_CHANNEL = 'supply_analytics_changed';

/** A time window: `from` inclusive, `to` exclusive; either side may be open. */
export interface TimeRange {
  from?: Date;
  to?: Date;
}

export interface RangeFilter extends TimeRange {
  region?: Region;
}

export interface StockFilter {
  region?: Region;
  sku?: string;
  warehouseId?: string;
}

/** Where a stock row's level comes from. */
export type StockBasis = 'event' | 'snapshot' | 'movements-only';

export interface StockRow {
  sku: string;
  warehouseId: string;
  region: string | null;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number | null;
  /** At or below its threshold (false when the threshold is not known). */
  low: boolean;
  basis: StockBasis;
  /** When the newest change this level includes happened at inventory-service. */
  asOf: string | null;
}

export interface LowStockAlert {
  eventId: string;
  sku: string;
  warehouseId: string;
  region: string | null;
  onHand: number;
  reserved: number;
  available: number;
  threshold: number;
  occurredAt: string;
}

export interface FinishedSupplyOrder {
  supplyOrderId: string;
  orderId: string;
  customerId: string | null;
  region: string | null;
  status: 'CONFIRMED' | 'FAILED';
  lines: { sku: string; quantity: number }[];
  failureCode: string | null;
  finishedAt: Date;
  eventId: string;
}
