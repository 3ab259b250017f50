import type { Region } from '@globalretail/service-kit';
import type {
  Allocation,
  Product,
  Reservation,
  ReservationLine,
  ReservationStatus,
  StockLevel,
  Warehouse,
} from './types';
import { REGIONS } from '@globalretail/service-kit';

/** The reservation as the contract shows it: its lines grouped per warehouse. */
export interface ReservationView {
  reservationId: string;
  orderId: string | null;
  status: ReservationStatus;
  region: Region | null;
  expiresAt: string | null;
  allocations: Allocation[];
  createdAt: string;
  updatedAt: string;
}

export function reservationView(
  r: Reservation,
  lines: readonly ReservationLine[],
): ReservationView {
  const allocations: Allocation[] = [];
  for (const line of lines) {
    let allocation = allocations.find((a) => a.warehouseId === line.warehouseId);
    if (!allocation) {
      allocation = { warehouseId: line.warehouseId, region: line.region, lines: [] };
      allocations.push(allocation);
    }
    allocation.lines.push({ sku: line.sku, quantity: line.quantity });
  }
  return {
    reservationId: r.id,
    orderId: r.orderId,
    status: r.status,
    region: r.region,
    expiresAt: r.expiresAt,
    allocations,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export type RegionAvailability = Record<Region, number>;

export interface ProductView extends Product {
  /** Units that can still be ordered, per region. */
  availability: RegionAvailability;
  totalAvailable: number;
}

export function productView(
  product: Product,
  byRegion: Partial<Record<Region, number>> | undefined,
): ProductView {
  const availability = Object.fromEntries(
    REGIONS.map((r) => [r, byRegion?.[r] ?? 0]),
  ) as RegionAvailability;
  return {
    ...product,
    availability,
    totalAvailable: REGIONS.reduce((sum, r) => sum + availability[r], 0),
  };
}

interface Totals {
  onHand: number;
  reserved: number;
  available: number;
}

export interface InventoryView {
  sku: string;
  name: string;
  active: boolean;
  warehouses: {
    warehouseId: string;
    region: Region;
    onHand: number;
    reserved: number;
    available: number;
    lowStockThreshold: number;
    low: boolean;
    updatedAt: string | null;
  }[];
  byRegion: Record<Region, Totals>;
  totals: Totals;
}

/** Stock of one product in every warehouse (a warehouse never stocked shows zeros). */
export function inventoryView(
  product: Product,
  warehouses: readonly Warehouse[],
  levels: readonly StockLevel[],
): InventoryView {
  const rows = warehouses.map((w) => {
    const level = levels.find((l) => l.warehouseId === w.id);
    const onHand = level?.onHand ?? 0;
    const reserved = level?.reserved ?? 0;
    const threshold = level?.lowStockThreshold ?? 0;
    return {
      warehouseId: w.id,
      region: w.region,
      onHand,
      reserved,
      available: onHand - reserved,
      lowStockThreshold: threshold,
      low: level !== undefined && onHand - reserved <= threshold,
      updatedAt: level?.updatedAt ?? null,
    };
  });
  const sum = (list: typeof rows): Totals => ({
    onHand: list.reduce((s, r) => s + r.onHand, 0),
    reserved: list.reduce((s, r) => s + r.reserved, 0),
    available: list.reduce((s, r) => s + r.available, 0),
  });
  return {
    sku: product.sku,
    name: product.name,
    active: product.active,
    warehouses: rows,
    byRegion: Object.fromEntries(
      REGIONS.map((region) => [region, sum(rows.filter((r) => r.region === region))]),
    ) as Record<Region, Totals>,
    totals: sum(rows),
  };
}
