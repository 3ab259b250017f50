import type { Address, OrderLine, Region } from '@globalretail/service-kit';

export type SupplyOrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';
export type SagaStep =
  | 'RESERVE_STOCK'
  | 'CREATE_SHIPMENTS'
  | 'COMMIT_RESERVATION'
  | 'CANCEL_SHIPMENTS'
  | 'RELEASE_RESERVATION'
  | 'DONE';
export type ServiceLevel = 'standard' | 'express';

export interface Allocation {
  warehouseId: string;
  region: Region;
  lines: OrderLine[];
}

export interface PlannedShipment {
  shipmentId: string;
  warehouseId: string;
  region: Region;
  lines: OrderLine[];
  trackingNumber?: string;
  carrier?: string;
  estimatedDeliveryAt?: string;
}

export interface SupplyOrder {
  id: string;
  orderId: string;
  customerId: string;
  region: Region;
  lines: OrderLine[];
  shipTo: Address;
  serviceLevel: ServiceLevel;
  status: SupplyOrderStatus;
  sagaStep: SagaStep;
  reservationId: string;
  allocations: Allocation[] | null;
  shipments: PlannedShipment[];
  failureCode: string | null;
  failureReason: string | null;
  failureDetails: unknown;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewSupplyOrder {
  id: string;
  orderId: string;
  customerId: string;
  region: Region;
  lines: OrderLine[];
  shipTo: Address;
  serviceLevel: ServiceLevel;
  reservationId: string;
}

/** Why a saga gives up and compensates. */
export interface SagaFailure {
  code: string;
  reason: string;
  details?: unknown;
}

/** The public representation (no lease or retry bookkeeping). */
export function toView(order: SupplyOrder) {
  return {
    id: order.id,
    orderId: order.orderId,
    customerId: order.customerId,
    region: order.region,
    status: order.status,
    sagaStep: order.sagaStep,
    lines: order.lines,
    shipTo: order.shipTo,
    serviceLevel: order.serviceLevel,
    reservationId: order.reservationId,
    shipments: order.shipments.map((s) => ({
      shipmentId: s.shipmentId,
      warehouseId: s.warehouseId,
      region: s.region,
      lines: s.lines,
      trackingNumber: s.trackingNumber ?? null,
      carrier: s.carrier ?? null,
      estimatedDeliveryAt: s.estimatedDeliveryAt ?? null,
    })),
    trackingNumbers:
      order.status === 'CONFIRMED'
        ? order.shipments.map((s) => s.trackingNumber).filter(Boolean)
        : [],
    failureCode: order.failureCode,
    failureReason: order.failureReason,
    failureDetails: order.failureDetails ?? null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
export type SupplyOrderView = ReturnType<typeof toView>;
