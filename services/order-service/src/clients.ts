import type { HttpClient, OrderLine, Region, Address } from '@globalretail/service-kit';
import type { Allocation, ServiceLevel } from './domain/types';

export interface ReservationAnswer {
  reservationId: string;
  status: string;
  allocations: Allocation[];
}

/** inventory-service, as the saga uses it. Every call is idempotent by reservation id. */
export class InventoryClient {
  constructor(private readonly http: HttpClient) {}

  async reserve(input: {
    reservationId: string;
    orderId: string;
    region: Region;
    lines: OrderLine[];
    ttlSeconds: number;
  }): Promise<ReservationAnswer> {
    const res = await this.http.request<ReservationAnswer>({
      method: 'POST',
      path: '/reservations',
      body: input,
      idempotent: true,
    });
    return res.body;
  }

  async commit(reservationId: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: `/reservations/${reservationId}/commit`,
      idempotent: true,
    });
  }

  async release(reservationId: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: `/reservations/${reservationId}/release`,
      idempotent: true,
    });
  }
}

export interface ShipmentAnswer {
  id: string;
  trackingNumber: string;
  carrier: string;
  estimatedDeliveryAt: string;
  status: string;
}

/** logistics-service, as the saga uses it. Every call is idempotent by shipment id. */
export class LogisticsClient {
  constructor(private readonly http: HttpClient) {}

  async createShipment(input: {
    shipmentId: string;
    orderId: string;
    originWarehouseId: string;
    originRegion: Region;
    destination: Address;
    items: OrderLine[];
    serviceLevel: ServiceLevel;
  }): Promise<ShipmentAnswer> {
    const res = await this.http.request<ShipmentAnswer>({
      method: 'POST',
      path: '/shipments',
      body: input,
      idempotent: true,
    });
    return res.body;
  }

  async cancelShipment(shipmentId: string): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: `/shipments/${shipmentId}/cancel`,
      idempotent: true,
    });
  }
}
