import {
  appendToOutbox,
  conflict,
  notFound,
  unprocessable,
  withTransaction,
  type Pool,
} from '@globalretail/service-kit';
import type { InventoryMetrics } from '../metrics';
import {
  recordStockChanges,
  stockHistory,
  type AuditedChange,
  type StockHistoryEntry,
} from '../repositories/audit';
import { findProduct, listProducts } from '../repositories/products';
import {
  allStock,
  applyStockDeltas,
  ensureStockRow,
  lockStockRows,
  stockOfSku,
} from '../repositories/stock';
import { findWarehouse, listWarehouses } from '../repositories/warehouses';
import { stockAdjustedEvent, stockLowEvents } from './events';
import { SCHEMA, type Actor } from './types';
import { inventoryView, type InventoryView } from './views';

export interface Adjustment {
  warehouseId: string;
  onHand: number;
  reason?: string;
}

/** Stock levels per product: reading them, and setting what is physically on hand. */
export class StockService {
  constructor(
    private readonly pool: Pool,
    private readonly metrics: InventoryMetrics,
  ) {}

  async inventory(sku: string): Promise<InventoryView> {
    const product = await findProduct(this.pool, sku);
    if (!product) throw notFound('product', sku);
    const [warehouses, levels] = await Promise.all([
      listWarehouses(this.pool),
      stockOfSku(this.pool, sku),
    ]);
    return inventoryView(product, warehouses, levels);
  }

  /** Stock of every product in every warehouse: one query for the levels, not one per SKU. */
  async overview(options: { includeInactive: boolean }): Promise<InventoryView[]> {
    const [products, warehouses, levels] = await Promise.all([
      listProducts(this.pool, { includeInactive: options.includeInactive }),
      listWarehouses(this.pool),
      allStock(this.pool),
    ]);
    return products.map((product) =>
      inventoryView(
        product,
        warehouses,
        levels.filter((l) => l.sku === product.sku),
      ),
    );
  }

  /** Why the product's stock changed, newest first (the audit trail). */
  async history(
    sku: string,
    options: { limit: number; changes?: readonly AuditedChange[] },
  ): Promise<StockHistoryEntry[]> {
    if (!(await findProduct(this.pool, sku))) throw notFound('product', sku);
    return stockHistory(this.pool, sku, options);
  }

  /**
   * Sets on-hand stock after a count or a delivery. Held units cannot be counted away: a
   * level below what is reserved is refused, and the holds have to be released first.
   */
  async adjust(sku: string, adjustment: Adjustment, actor: Actor): Promise<InventoryView> {
    const { warehouseId, onHand } = adjustment;
    const reason = adjustment.reason ?? 'stock level set';
    const changed = await withTransaction(this.pool, async (tx) => {
      if (!(await findProduct(tx, sku))) throw notFound('product', sku);
      if (!(await findWarehouse(tx, warehouseId))) {
        throw unprocessable('UNKNOWN_WAREHOUSE', `warehouse ${warehouseId} does not exist`);
      }
      let [current] = await lockStockRows(tx, [{ sku, warehouseId }]);
      if (!current) {
        // Never stocked there: zero is what it already has, anything else starts the row.
        if (onHand === 0) return false;
        await ensureStockRow(tx, { sku, warehouseId });
        [current] = await lockStockRows(tx, [{ sku, warehouseId }]);
        if (!current) throw new Error(`stock row ${sku}@${warehouseId} could not be created`);
      }
      if (onHand < current.reserved) {
        throw conflict(
          'STOCK_BELOW_RESERVED',
          `${current.reserved} units of ${sku} are held in ${warehouseId}; on hand cannot go below that`,
          { warehouseId, requestedOnHand: onHand, reserved: current.reserved },
        );
      }
      if (onHand === current.onHand) return false;
      const changes = await applyStockDeltas(tx, [
        { sku, warehouseId, onHandDelta: onHand - current.onHand, reservedDelta: 0 },
      ]);
      await recordStockChanges(
        tx,
        changes.map((stock) => ({ stock, change: 'adjust', actor, reason })),
      );
      const low = stockLowEvents(changes);
      await appendToOutbox(tx, SCHEMA, [stockAdjustedEvent(changes[0]!, actor, reason), ...low]);
      this.metrics.lowStock.inc(low.length);
      return true;
    });
    if (changed) this.metrics.adjustments.inc({ actor: actor.kind });
    return this.inventory(sku);
  }
}
