import { createApiRef, type DiscoveryApi, type FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ProductStock,
  StockAdjustment,
  StockHistoryEntry,
} from '@internal/plugin-inventory-common';

export interface InventoryApi {
  getStock(): Promise<ProductStock[]>;
  getHistory(sku: string): Promise<StockHistoryEntry[]>;
  adjustStock(sku: string, adjustment: StockAdjustment): Promise<ProductStock>;
}

export const inventoryApiRef = createApiRef<InventoryApi>({ id: 'plugin.inventory.api' });

/** Talks to the inventory backend plugin, as the signed-in user. */
export class InventoryClient implements InventoryApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getStock() {
    return (await this.call<{ products: ProductStock[] }>('/stock')).products;
  }

  async getHistory(sku: string) {
    return (
      await this.call<{ entries: StockHistoryEntry[] }>(`/stock/${encodeURIComponent(sku)}/history`)
    ).entries;
  }

  async adjustStock(sku: string, adjustment: StockAdjustment) {
    return this.call<ProductStock>(`/stock/${encodeURIComponent(sku)}/adjust`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(adjustment),
    });
  }

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('inventory');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
