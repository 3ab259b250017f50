import type {
  ProductStock,
  StockAdjustment,
  StockHistoryEntry,
} from '@internal/plugin-inventory-common';
import type { HttpClient } from '@globalretail/service-kit';
import { asBackstageError, platformClientsFromConfig } from '@internal/platform-services-node';
import type { Config } from '@backstage/config';

/**
 * Stock as inventory-service keeps it. Adjustments go through its audited `PUT
 * /inventory/:sku`, naming the person the portal acts for so the audit trail shows both.
 */
export class InventoryService {
  constructor(private readonly inventory: HttpClient) {}

  static fromConfig(config: Config): InventoryService {
    return new InventoryService(
      platformClientsFromConfig(config, ['inventoryService']).inventoryService,
    );
  }

  async stock(): Promise<ProductStock[]> {
    return (await this.call<{ products: ProductStock[] }>('GET', '/inventory')).products;
  }

  async history(sku: string, limit: number): Promise<StockHistoryEntry[]> {
    return (
      await this.call<{ entries: StockHistoryEntry[] }>(
        'GET',
        `/inventory/${encodeURIComponent(sku)}/history?limit=${limit}`,
      )
    ).entries;
  }

  async adjust(sku: string, change: StockAdjustment, onBehalfOf: string): Promise<ProductStock> {
    return this.call<ProductStock>('PUT', `/inventory/${encodeURIComponent(sku)}`, {
      ...change,
      onBehalfOf,
    });
  }

  private async call<T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> {
    try {
      return (await this.inventory.request<T>({ method, path, body })).body;
    } catch (err) {
      // 409 STOCK_BELOW_RESERVED and 422 UNKNOWN_WAREHOUSE are the operator's to fix: say why.
      throw asBackstageError(err);
    }
  }
}
