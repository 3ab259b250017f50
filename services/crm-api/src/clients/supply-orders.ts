import type { Address, HttpClient } from '@globalretail/service-kit';

export interface SupplyOrderRequest {
  orderId: string;
  customerId: string;
  region: string;
  lines: { sku: string; quantity: number }[];
  shipTo: Address;
  serviceLevel: string;
}

/** The parts of order-service's supply order crm-api reads. */
export interface SupplyOrder {
  id?: string;
  status?: string;
  trackingNumbers?: string[];
  shipments?: { trackingNumber?: string }[];
  /** Machine-readable cause, e.g. INSUFFICIENT_STOCK, UNKNOWN_SKU. */
  failureCode?: string | null;
  failureReason?: string | null;
  /** The upstream's details, e.g. `[{sku, requested, available}]` for a stock shortage. */
  failureDetails?: unknown;
}

/** order-service's `POST /supply-orders`: runs the saga; safe to repeat for one orderId. */
export class SupplyOrdersClient {
  constructor(private readonly http: HttpClient) {}

  async submit(request: SupplyOrderRequest): Promise<SupplyOrder> {
    const res = await this.http.request<SupplyOrder>({
      method: 'POST',
      path: '/supply-orders',
      body: request,
      // order-service answers a known orderId with the existing supply order.
      idempotent: true,
    });
    return typeof res.body === 'object' && res.body !== null ? res.body : {};
  }
}
