import type { NewEvent } from '@globalretail/service-kit';
import type { Transition } from './journey';
import type { LiveShipment } from './types';

/**
 * Outbox events. Consumers (analytics, live tracking pages) get what they need to act without
 * calling back; the destination is a city and a country, never a name or a street.
 */
export function shipmentCreatedEvent(s: LiveShipment): NewEvent {
  return {
    aggregateType: 'shipment',
    aggregateId: s.id,
    type: 'shipment.created',
    payload: {
      shipmentId: s.id,
      orderId: s.orderId,
      trackingNumber: s.trackingNumber,
      carrier: s.carrier,
      carrierService: s.carrierService,
      serviceLevel: s.serviceLevel,
      status: s.status,
      originWarehouseId: s.originWarehouseId,
      originRegion: s.originRegion,
      destination: { city: s.destination.city, country: s.destination.country },
      items: s.items,
      costCents: s.costCents,
      currency: s.currency,
      estimatedDeliveryAt: s.estimatedDeliveryAt.toISOString(),
      createdAt: s.createdAt.toISOString(),
    },
  };
}

export function statusChangedEvent(
  s: LiveShipment,
  t: Pick<
    Transition,
    'from' | 'to' | 'description' | 'location' | 'occurredAt' | 'estimatedDeliveryAt'
  >,
): NewEvent {
  return {
    aggregateType: 'shipment',
    aggregateId: s.id,
    type: 'shipment.status_changed',
    payload: {
      shipmentId: s.id,
      orderId: s.orderId,
      trackingNumber: s.trackingNumber,
      carrier: s.carrier,
      from: t.from,
      to: t.to,
      description: t.description,
      location: t.location,
      occurredAt: t.occurredAt.toISOString(),
      estimatedDeliveryAt: t.estimatedDeliveryAt.toISOString(),
    },
  };
}
