import { createApiRef, type DiscoveryApi, type FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  OrderDetails,
  OrderStatus,
  OrderSummary,
} from '@internal/plugin-order-tracking-common';

export interface OrderTrackingApi {
  searchOrders(options?: {
    query?: string;
    status?: OrderStatus;
    limit?: number;
  }): Promise<OrderSummary[]>;
  getOrder(orderId: string): Promise<OrderDetails>;
}

export const orderTrackingApiRef = createApiRef<OrderTrackingApi>({
  id: 'plugin.order-tracking.api',
});

/** Talks to the order-tracking backend plugin, as the signed-in user. */
export class OrderTrackingClient implements OrderTrackingApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async searchOrders(options: { query?: string; status?: OrderStatus; limit?: number } = {}) {
    const params = new URLSearchParams();
    if (options.query) params.set('q', options.query);
    if (options.status) params.set('status', options.status);
    if (options.limit) params.set('limit', String(options.limit));
    const body = await this.get<{ orders: OrderSummary[] }>(`/orders?${params}`);
    return body.orders;
  }

  async getOrder(orderId: string) {
    return this.get<OrderDetails>(`/orders/${encodeURIComponent(orderId)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('order-tracking');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
