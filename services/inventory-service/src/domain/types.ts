import type { Identity, OrderLine, Region } from '@globalretail/service-kit';

/** The PostgreSQL schema this service owns; its outbox lives there too. */
export const SCHEMA = 'inventory';

export type ReservationStatus = 'HELD' | 'COMMITTED' | 'RELEASED' | 'EXPIRED';

/** Units of one SKU held (or shipped) from one warehouse. */
export interface Allocation {
  warehouseId: string;
  region: Region;
  lines: OrderLine[];
}

export interface Warehouse {
  id: string;
  name: string;
  region: Region;
  city: string;
  country: string;
}

export interface Product {
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  currency: 'USD';
  active: boolean;
}

/** A stock row as locked or read: `available` is what can still be reserved. */
export interface StockLevel {
  sku: string;
  warehouseId: string;
  region: Region;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  updatedAt: string;
}

/** One stock row before and after a change, as the repository reports it. */
export interface StockChange {
  sku: string;
  warehouseId: string;
  region: Region;
  oldOnHand: number;
  newOnHand: number;
  oldReserved: number;
  newReserved: number;
  lowStockThreshold: number;
}

export interface ReservationLine {
  sku: string;
  warehouseId: string;
  region: Region;
  quantity: number;
}

export interface Reservation {
  id: string;
  orderId: string | null;
  region: Region | null;
  status: ReservationStatus;
  tombstone: boolean;
  expiresAt: string | null;
  /** True when a HELD reservation's deadline has passed by the database clock. */
  pastExpiry: boolean;
  endedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Who changed stock, as written to the audit trail. */
export interface Actor {
  kind: 'operator' | 'service' | 'system';
  /** Operator e-mail, calling service's name, or the background job's name. */
  name: string;
  id?: string;
}

export function actorOf(identity: Identity | undefined): Actor {
  if (!identity) throw new Error('an authenticated caller is required here');
  switch (identity.kind) {
    case 'operator':
      return { kind: 'operator', name: identity.email, id: identity.userId };
    case 'service':
      return { kind: 'service', name: identity.service };
    case 'customer':
      // Routes never let customers change stock, so reaching this is a wiring bug.
      throw new Error('customers cannot change stock');
  }
}

export const SWEEPER_ACTOR: Actor = { kind: 'system', name: 'reservation-sweeper' };
