/**
 * Types shared by the order-tracking frontend and backend plugins: what the portal shows of
 * an order (from crm-api), its saga (from order-service) and its shipments (from
 * logistics-service).
 */
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';

export interface OrderSummary {
  id: string;
  customerEmail: string;
  status: OrderStatus;
  region: string;
  totalCents: number;
  currency: string;
  trackingNumbers: string[];
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderLine {
  sku: string;
  productName: string;
  quantity: number;
  unitPriceCents: number;
}

export interface SagaStepEntry {
  step: string;
  outcome: string;
  detail: unknown;
  at: string;
}

export interface SagaState {
  id: string;
  status: OrderStatus;
  sagaStep: string;
  failureCode: string | null;
  failureReason: string | null;
  log: SagaStepEntry[];
}

export interface ShipmentEvent {
  status: string;
  description: string;
  location: string | null;
  at: string;
}

export interface ShipmentTimeline {
  trackingNumber: string;
  status: string;
  carrier: string;
  estimatedDeliveryAt: string | null;
  events: ShipmentEvent[];
}

export interface OrderDetails {
  order: OrderSummary & { lines: OrderLine[]; supplyOrderId: string | null };
  /** Null when the order never reached order-service. */
  saga: SagaState | null;
  shipments: ShipmentTimeline[];
  /** Parts that could not be loaded (a service down), so the page can say what is missing. */
  unavailable: string[];
}

export type OrderQueryKind = 'orderId' | 'trackingNumber' | 'customerEmail';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Order ids are UUIDs (crm-api assigns them). */
export const isOrderId = (text: string): boolean => UUID.test(text);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRACKING = /^[A-Z0-9]{8,40}$/;

/**
 * What someone typed into the one search box: an order id, a customer email or a tracking
 * number (spaces, dashes and case as people type them). Undefined when it is none of them.
 */
export function classifyOrderQuery(
  input: string,
): { kind: OrderQueryKind; value: string } | undefined {
  const text = input.trim();
  if (UUID.test(text)) return { kind: 'orderId', value: text.toLowerCase() };
  if (EMAIL.test(text)) return { kind: 'customerEmail', value: text.toLowerCase() };
  const compact = text.toUpperCase().replace(/[\s-]/g, '');
  if (TRACKING.test(compact)) return { kind: 'trackingNumber', value: compact };
  return undefined;
}
