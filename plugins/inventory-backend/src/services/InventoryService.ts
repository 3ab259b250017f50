import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  ProductStock,
  StockAdjustment,
  StockHistoryEntry,
} from '@internal/plugin-inventory-common';
import { AppError, HttpClient, ServiceTokens } from '@globalretail/service-kit';
import type { Config } from '@backstage/config';

/** The development default every local service accepts (production refuses it). */
const DEV_SERVICE_SECRET = 'dev-only-service-secret-change-me';

/**
 * Stock as inventory-service keeps it. Adjustments go through its audited `PUT
 * /inventory/:sku`, naming the person the portal acts for so the audit trail shows both.
 */
export class InventoryService {
  constructor(private readonly inventory: HttpClient) {}

  static fromConfig(config: Config): InventoryService {
    const tokens = new ServiceTokens(
      config.getOptionalString('globalretail.serviceAuthSecret') ?? DEV_SERVICE_SECRET,
      'portal',
    );
    return new InventoryService(
      new HttpClient({
        target: 'inventory-service',
        baseUrl: config.getString('globalretail.services.inventoryService'),
        timeoutMs: config.getOptionalNumber('globalretail.timeoutMs') ?? 5000,
        retries: 1,
        token: tokens.token,
      }),
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
      if (!(err instanceof AppError)) throw err;
      if (err.status === 404) throw new NotFoundError(err.message);
      // 409 STOCK_BELOW_RESERVED and 422 UNKNOWN_WAREHOUSE are the operator's to fix: say why.
      if (err.status < 500) throw new InputError(`${err.code}: ${err.message}`);
      throw new ServiceUnavailableError(err.message);
    }
  }
}
