/** Words for order and shipment statuses, and when a status can still change. */
import type { OrderStatus, ShipmentStatus } from './types';

export const SHIPMENT_STATUS_LABEL: Record<ShipmentStatus, string> = {
  LABEL_CREATED: 'Label created',
  PICKED_UP: 'Picked up',
  IN_TRANSIT: 'In transit',
  OUT_FOR_DELIVERY: 'Out for delivery',
  DELIVERED: 'Delivered',
  EXCEPTION: 'Delayed',
  CANCELLED: 'Cancelled',
};

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: 'Being confirmed',
  CONFIRMED: 'Confirmed',
  FAILED: 'Failed',
};

/** DELIVERED and CANCELLED never change again; EXCEPTION goes back to IN_TRANSIT. */
export const isFinalShipmentStatus = (status: ShipmentStatus) =>
  status === 'DELIVERED' || status === 'CANCELLED';

export const isFinalOrderStatus = (status: OrderStatus) => status !== 'PENDING';

/** How often the order page asks again. */
export const ORDER_POLL_MS = 2000;
export const TRACKING_POLL_MS = 5000;
export const PRODUCTS_POLL_MS = 10_000;

/** The tracking-ui page of a shipment (served by tracking-ui through the gateway). */
export const trackingHref = (trackingNumber: string) =>
  `/track/${encodeURIComponent(trackingNumber)}`;
