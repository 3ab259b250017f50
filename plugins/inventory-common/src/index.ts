import { createPermission } from '@backstage/plugin-permission-common';

/** Setting the on-hand stock of a product in a warehouse: operators (group `ops`) only. */
export const inventoryStockAdjustPermission = createPermission({
  name: 'inventory.stock.adjust',
  attributes: { action: 'update' },
});

export const inventoryPermissions = [inventoryStockAdjustPermission];

export interface WarehouseStock {
  warehouseId: string;
  region: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  low: boolean;
  updatedAt: string | null;
}

export interface ProductStock {
  sku: string;
  name: string;
  active: boolean;
  warehouses: WarehouseStock[];
}

export interface StockAdjustment {
  warehouseId: string;
  onHand: number;
  reason: string;
}

export interface StockHistoryEntry {
  id: number;
  sku: string;
  warehouseId: string;
  change: 'adjust' | 'reserve' | 'commit' | 'release' | 'expire';
  oldOnHand: number;
  newOnHand: number;
  oldReserved: number | null;
  newReserved: number | null;
  actorKind: 'operator' | 'service' | 'system';
  actor: string;
  /** For a service acting for a person: who (e.g. `user:default/ops`). */
  actorId: string | null;
  reason: string;
  reservationId: string | null;
  at: string;
}
