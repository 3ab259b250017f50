/** The shapes crm-ui reads from the APIs behind the gateway (see each service's README). */

export const REGIONS = ['us-east-1', 'eu-west-1'] as const;
export type Region = (typeof REGIONS)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'customer' | 'operator';
  region: Region;
}

export interface LoginResult {
  token: string;
  expiresIn: number;
  user: User;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface Customer extends User {
  address: Address | null;
}

/** inventory-service `GET /products`: `availability` is what can still be ordered per region. */
export interface Product {
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  currency: string;
  active: boolean;
  availability: Record<Region, number>;
  totalAvailable: number;
}

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'FAILED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const SERVICE_LEVELS = ['standard', 'express'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export interface OrderLine {
  sku: string;
  productName: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  region: Region;
  lines: OrderLine[];
  totalCents: number;
  currency: string;
  shipTo: Address;
  serviceLevel: ServiceLevel;
  trackingNumbers: string[];
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of `POST /api/orders` (shipTo left out: crm-api uses the customer's address). */
export interface OrderRequest {
  lines: { sku: string; quantity: number }[];
  serviceLevel: ServiceLevel;
}

export const SHIPMENT_STATUSES = [
  'LABEL_CREATED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'EXCEPTION',
  'CANCELLED',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** logistics-service `GET /tracking/:trackingNumber` (public, no personal data). */
export interface Tracking {
  trackingNumber: string;
  status: ShipmentStatus;
  carrier: string;
  serviceLevel: ServiceLevel;
  estimatedDeliveryAt: string;
  origin: { region: Region; city: string; country: string };
  destination: { city: string; country: string };
  events: { status: ShipmentStatus; description: string; location: string; occurredAt: string }[];
}

/** Every error answer of the platform: `{"error": {"code", "message", "details"?}}`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}
