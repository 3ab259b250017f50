import type { Address, OrderLine, Region } from '@globalretail/service-kit';
import type { ServiceLevel } from './carriers';
import type { JourneyState, ShipmentStatus } from './journey';

/** A shipment as stored. Every field but id/status/timestamps is null on a tombstone. */
export interface ShipmentRecord {
  id: string;
  orderId: string | null;
  trackingNumber: string | null;
  carrier: string | null;
  carrierService: string | null;
  carrierOffering: string | null;
  serviceLevel: ServiceLevel | null;
  status: ShipmentStatus;
  originWarehouseId: string | null;
  originRegion: Region | null;
  originCity: string | null;
  originCountry: string | null;
  hubLocation: string | null;
  destination: Address | null;
  items: OrderLine[] | null;
  costCents: number | null;
  currency: string | null;
  plannedTransitMs: number | null;
  delayMs: number;
  estimatedDeliveryAt: Date | null;
  nextTransitionAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A shipment that was really created (not a tombstone): what the carrier clock moves. */
export type LiveShipment = ShipmentRecord & {
  [
    K in
      | 'orderId'
      | 'trackingNumber'
      | 'carrier'
      | 'carrierService'
      | 'carrierOffering'
      | 'serviceLevel'
      | 'originWarehouseId'
      | 'originRegion'
      | 'originCity'
      | 'originCountry'
      | 'hubLocation'
      | 'destination'
      | 'items'
      | 'costCents'
      | 'currency'
      | 'plannedTransitMs'
      | 'estimatedDeliveryAt'
  ]: NonNullable<ShipmentRecord[K]>;
};

export const isTombstone = (s: ShipmentRecord): boolean => s.trackingNumber === null;

export interface TrackingEvent {
  status: ShipmentStatus;
  description: string;
  location: string;
  occurredAt: Date;
}

export interface NewShipment {
  id: string;
  orderId: string;
  trackingNumber: string;
  carrier: string;
  carrierService: string;
  carrierOffering: string;
  serviceLevel: ServiceLevel;
  originWarehouseId: string;
  originRegion: Region;
  originCity: string;
  originCountry: string;
  hubLocation: string;
  destination: Address;
  items: OrderLine[];
  costCents: number;
  currency: string;
  plannedTransitMs: number;
  estimatedDeliveryAt: Date;
  nextTransitionAt: Date;
  createdAt: Date;
}

export const originLocation = (s: { originCity: string; originCountry: string }) =>
  `${s.originCity}, ${s.originCountry}`;
export const destinationLocation = (d: Pick<Address, 'city' | 'country'>) =>
  `${d.city}, ${d.country}`;

export function journeyState(s: LiveShipment): JourneyState {
  return {
    status: s.status,
    createdAt: s.createdAt,
    plannedTransitMs: s.plannedTransitMs,
    delayMs: s.delayMs,
    nextTransitionAt: s.nextTransitionAt ?? s.createdAt,
    carrier: s.carrier,
    carrierService: s.carrierService,
    serviceLevel: s.serviceLevel,
    originLocation: originLocation(s),
    hubLocation: s.hubLocation,
    destinationLocation: destinationLocation(s.destination),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The contract's Shipment (service and operator callers). */
export function toShipmentView(s: ShipmentRecord) {
  return {
    id: s.id,
    orderId: s.orderId,
    trackingNumber: s.trackingNumber,
    carrier: s.carrier,
    serviceLevel: s.serviceLevel,
    status: s.status,
    originWarehouseId: s.originWarehouseId,
    originRegion: s.originRegion,
    destination: s.destination,
    items: s.items,
    costCents: s.costCents,
    currency: s.currency,
    estimatedDeliveryAt: iso(s.estimatedDeliveryAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
export type ShipmentView = ReturnType<typeof toShipmentView>;

/**
 * The public tracking page: anyone holding the number sees it, so it names no order, no
 * customer, no street and no price; the destination is a city and a country.
 */
export function toTrackingView(s: LiveShipment, events: TrackingEvent[]) {
  return {
    trackingNumber: s.trackingNumber,
    status: s.status,
    carrier: s.carrier,
    serviceLevel: s.serviceLevel,
    estimatedDeliveryAt: s.estimatedDeliveryAt.toISOString(),
    origin: { region: s.originRegion, city: s.originCity, country: s.originCountry },
    destination: { city: s.destination.city, country: s.destination.country },
    events: events.map((e) => ({
      status: e.status,
      description: e.description,
      location: e.location,
      occurredAt: e.occurredAt.toISOString(),
    })),
  };
}
export type TrackingView = ReturnType<typeof toTrackingView>;
