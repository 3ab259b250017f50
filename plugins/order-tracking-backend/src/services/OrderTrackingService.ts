import { InputError, NotFoundError } from '@backstage/errors';
import {
  classifyOrderQuery,
  isOrderId,
  type OrderDetails,
  type OrderStatus,
  type OrderSummary,
  type SagaState,
  type ShipmentTimeline,
} from '@internal/plugin-order-tracking-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { HttpClient } from '@globalretail/service-kit';
import { asBackstageError } from '@internal/platform-services-node';

/** logistics-service's `GET /tracking/:trackingNumber`, the fields the portal shows. */
interface LogisticsTracking {
  status: string;
  carrier: string;
  estimatedDeliveryAt: string | null;
  events: { status: string; description: string; location: string | null; occurredAt: string }[];
}

/** The services this plugin reads, each with the portal's service credential. */
export type OrderTrackingClients = Record<
  'crmApi' | 'orderService' | 'logisticsService',
  HttpClient
>;

type StaffOrder = OrderDetails['order'] & { customerId: string };

const summary = (o: StaffOrder): OrderSummary => ({
  id: o.id,
  customerEmail: o.customerEmail,
  status: o.status,
  region: o.region,
  totalCents: o.totalCents,
  currency: o.currency,
  trackingNumbers: o.trackingNumbers,
  failureReason: o.failureReason,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});

/**
 * Orders as staff see them, assembled from the services that own each part: the order from
 * crm-api, its saga from order-service, its shipments' timelines from logistics-service.
 */
export class OrderTrackingService {
  constructor(
    private readonly clients: OrderTrackingClients,
    private readonly logger: LoggerService,
  ) {}

  /** Recent orders, or those matching an order id, customer email or tracking number. */
  async search(options: {
    query?: string;
    status?: OrderStatus;
    limit: number;
  }): Promise<OrderSummary[]> {
    const params = new URLSearchParams({ limit: String(options.limit) });
    if (options.status) params.set('status', options.status);
    if (options.query) {
      const parsed = classifyOrderQuery(options.query);
      if (!parsed) {
        throw new InputError('search by an order id, a customer email or a tracking number');
      }
      if (parsed.kind === 'orderId') {
        try {
          return [summary(await this.order(parsed.value))];
        } catch (err) {
          if (err instanceof NotFoundError) return [];
          throw err;
        }
      }
      params.set(parsed.kind, parsed.value);
    }
    try {
      const res = await this.clients.crmApi.request<{ orders: StaffOrder[] }>({
        method: 'GET',
        path: `/orders?${params}`,
      });
      return res.body.orders.map(summary);
    } catch (err) {
      throw asBackstageError(err);
    }
  }

  /** One order with its saga steps and shipment timelines; missing parts are named, not fatal. */
  async details(orderId: string): Promise<OrderDetails> {
    const order = await this.order(orderId);
    const unavailable: string[] = [];
    const [saga, shipments] = await Promise.all([
      this.saga(order.supplyOrderId).catch((err) => {
        this.logger.warn(`saga of order ${orderId} unavailable: ${err}`);
        unavailable.push('saga (order-service)');
        return null;
      }),
      Promise.all(order.trackingNumbers.map((t) => this.timeline(t))).catch((err) => {
        this.logger.warn(`shipments of order ${orderId} unavailable: ${err}`);
        unavailable.push('shipments (logistics-service)');
        return [] as ShipmentTimeline[];
      }),
    ]);
    const { customerId: _customerId, ...shown } = order;
    return { order: shown, saga, shipments, unavailable };
  }

  private async order(orderId: string): Promise<StaffOrder> {
    if (!isOrderId(orderId)) throw new InputError('an order id is a UUID');
    try {
      return (
        await this.clients.crmApi.request<StaffOrder>({ method: 'GET', path: `/orders/${orderId}` })
      ).body;
    } catch (err) {
      throw asBackstageError(err);
    }
  }

  private async saga(supplyOrderId: string | null): Promise<SagaState | null> {
    if (!supplyOrderId) return null;
    const res = await this.clients.orderService.request<SagaState>({
      method: 'GET',
      path: `/supply-orders/${supplyOrderId}`,
    });
    const { id, status, sagaStep, failureCode, failureReason, log } = res.body;
    return { id, status, sagaStep, failureCode, failureReason, log };
  }

  private async timeline(trackingNumber: string): Promise<ShipmentTimeline> {
    const res = await this.clients.logisticsService.request<LogisticsTracking>({
      method: 'GET',
      path: `/tracking/${encodeURIComponent(trackingNumber)}`,
    });
    const { status, carrier, estimatedDeliveryAt, events } = res.body;
    return {
      trackingNumber,
      status,
      carrier,
      estimatedDeliveryAt,
      events: events.map(({ status, description, location, occurredAt }) => ({
        status,
        description,
        location,
        at: occurredAt,
      })),
    };
  }
}
