/**
 * Small shape checks for API answers: a reply that does not look like the contract becomes
 * one clear error instead of `undefined` surfacing deep in a page.
 */
import {
  ORDER_STATUSES,
  REGIONS,
  SERVICE_LEVELS,
  SHIPMENT_STATUSES,
  type Address,
  type ApiErrorBody,
  type Customer,
  type LoginResult,
  type Order,
  type Product,
  type Tracking,
  type User,
} from './types';

export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

type Obj = Record<string, unknown>;

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ShapeError(`${path} is not an object`);
  }
  return v as Obj;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${path} is not a string`);
  return v;
}

export function int(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ShapeError(`${path} is not a whole number`);
  }
  return v;
}

export function arr<T>(v: unknown, path: string, item: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) throw new ShapeError(`${path} is not an array`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

export function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new ShapeError(`${path} is not one of ${values.join(', ')}`);
  }
  return v as T;
}

const optionalStr = (v: unknown, path: string) => (v === undefined ? undefined : str(v, path));
const nullableStr = (v: unknown, path: string) => (v === null ? null : str(v, path));

export function parseUser(v: unknown, path = 'user'): User {
  const o = obj(v, path);
  return {
    id: str(o.id, `${path}.id`),
    email: str(o.email, `${path}.email`),
    name: str(o.name, `${path}.name`),
    role: oneOf(o.role, `${path}.role`, ['customer', 'operator'] as const),
    region: oneOf(o.region, `${path}.region`, REGIONS),
  };
}

export function parseLogin(v: unknown): LoginResult {
  const o = obj(v, 'login');
  return {
    token: str(o.token, 'token'),
    expiresIn: int(o.expiresIn, 'expiresIn'),
    user: parseUser(o.user),
  };
}

export function parseAddress(v: unknown, path: string): Address {
  const o = obj(v, path);
  const line2 = optionalStr(o.line2, `${path}.line2`);
  return {
    name: str(o.name, `${path}.name`),
    line1: str(o.line1, `${path}.line1`),
    ...(line2 === undefined ? {} : { line2 }),
    city: str(o.city, `${path}.city`),
    postalCode: str(o.postalCode, `${path}.postalCode`),
    country: str(o.country, `${path}.country`),
  };
}

export function parseCustomer(v: unknown): Customer {
  const o = obj(v, 'customer');
  return {
    ...parseUser(o, 'customer'),
    address: o.address === null ? null : parseAddress(o.address, 'customer.address'),
  };
}

export function parseProduct(v: unknown, path = 'product'): Product {
  const o = obj(v, path);
  const availability = obj(o.availability, `${path}.availability`);
  return {
    sku: str(o.sku, `${path}.sku`),
    name: str(o.name, `${path}.name`),
    description: str(o.description, `${path}.description`),
    category: str(o.category, `${path}.category`),
    priceCents: int(o.priceCents, `${path}.priceCents`),
    currency: str(o.currency, `${path}.currency`),
    active: o.active !== false,
    availability: {
      'us-east-1': int(availability['us-east-1'] ?? 0, `${path}.availability.us-east-1`),
      'eu-west-1': int(availability['eu-west-1'] ?? 0, `${path}.availability.eu-west-1`),
    },
    totalAvailable: int(o.totalAvailable, `${path}.totalAvailable`),
  };
}

export function parseProducts(v: unknown): Product[] {
  return arr(obj(v, 'answer').products, 'products', parseProduct);
}

export function parseOrder(v: unknown, path = 'order'): Order {
  const o = obj(v, path);
  return {
    id: str(o.id, `${path}.id`),
    customerId: str(o.customerId, `${path}.customerId`),
    status: oneOf(o.status, `${path}.status`, ORDER_STATUSES),
    region: oneOf(o.region, `${path}.region`, REGIONS),
    lines: arr(o.lines, `${path}.lines`, (l, p) => {
      const line = obj(l, p);
      return {
        sku: str(line.sku, `${p}.sku`),
        productName: str(line.productName, `${p}.productName`),
        quantity: int(line.quantity, `${p}.quantity`),
        unitPriceCents: int(line.unitPriceCents, `${p}.unitPriceCents`),
      };
    }),
    totalCents: int(o.totalCents, `${path}.totalCents`),
    currency: str(o.currency, `${path}.currency`),
    shipTo: parseAddress(o.shipTo, `${path}.shipTo`),
    serviceLevel: oneOf(o.serviceLevel, `${path}.serviceLevel`, SERVICE_LEVELS),
    trackingNumbers: arr(o.trackingNumbers, `${path}.trackingNumbers`, str),
    failureReason: nullableStr(o.failureReason ?? null, `${path}.failureReason`),
    createdAt: str(o.createdAt, `${path}.createdAt`),
    updatedAt: str(o.updatedAt, `${path}.updatedAt`),
  };
}

export function parseOrders(v: unknown): Order[] {
  return arr(obj(v, 'answer').orders, 'orders', parseOrder);
}

export function parseTracking(v: unknown): Tracking {
  const o = obj(v, 'tracking');
  const origin = obj(o.origin, 'tracking.origin');
  const destination = obj(o.destination, 'tracking.destination');
  return {
    trackingNumber: str(o.trackingNumber, 'tracking.trackingNumber'),
    status: oneOf(o.status, 'tracking.status', SHIPMENT_STATUSES),
    carrier: str(o.carrier, 'tracking.carrier'),
    serviceLevel: oneOf(o.serviceLevel, 'tracking.serviceLevel', SERVICE_LEVELS),
    estimatedDeliveryAt: str(o.estimatedDeliveryAt, 'tracking.estimatedDeliveryAt'),
    origin: {
      region: oneOf(origin.region, 'tracking.origin.region', REGIONS),
      city: str(origin.city, 'tracking.origin.city'),
      country: str(origin.country, 'tracking.origin.country'),
    },
    destination: {
      city: str(destination.city, 'tracking.destination.city'),
      country: str(destination.country, 'tracking.destination.country'),
    },
    events: arr(o.events, 'tracking.events', (e, p) => {
      const ev = obj(e, p);
      return {
        status: oneOf(ev.status, `${p}.status`, SHIPMENT_STATUSES),
        description: str(ev.description, `${p}.description`),
        location: str(ev.location, `${p}.location`),
        occurredAt: str(ev.occurredAt, `${p}.occurredAt`),
      };
    }),
  };
}

/** The platform's error body, or undefined when the answer is not one (e.g. a proxy's HTML page). */
export function parseErrorBody(v: unknown): ApiErrorBody | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const error = (v as Obj).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details } = error as Obj;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, ...(details === undefined ? {} : { details }) };
}
