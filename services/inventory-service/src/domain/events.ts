import type { NewEvent } from '@globalretail/service-kit';
import type { Actor, StockChange } from './types';
import type { ReservationView } from './views';

/**
 * A row has just become low: what can be sold fell to or below its threshold with this
 * change. Reported once per crossing rather than on every sale while low, so a dashboard
 * gets one alert per shortage and not a flood.
 */
export function becameLow(change: StockChange): boolean {
  const before = change.oldOnHand - change.oldReserved;
  const after = change.newOnHand - change.newReserved;
  return after <= change.lowStockThreshold && before > change.lowStockThreshold;
}

export function stockLowEvents(changes: readonly StockChange[]): NewEvent[] {
  return changes.filter(becameLow).map((c) => ({
    aggregateType: 'stock',
    aggregateId: c.sku,
    type: 'stock.low',
    payload: {
      sku: c.sku,
      warehouseId: c.warehouseId,
      region: c.region,
      onHand: c.newOnHand,
      reserved: c.newReserved,
      available: c.newOnHand - c.newReserved,
      threshold: c.lowStockThreshold,
    },
  }));
}

export function stockAdjustedEvent(change: StockChange, actor: Actor, reason: string): NewEvent {
  return {
    aggregateType: 'stock',
    aggregateId: change.sku,
    type: 'stock.adjusted',
    payload: {
      sku: change.sku,
      warehouseId: change.warehouseId,
      region: change.region,
      previousOnHand: change.oldOnHand,
      onHand: change.newOnHand,
      reserved: change.newReserved,
      available: change.newOnHand - change.newReserved,
      reason,
      actor: { kind: actor.kind, name: actor.name },
    },
  };
}

export function reservationEvent(
  type: 'stock.reserved' | 'stock.committed' | 'stock.released',
  view: ReservationView,
  extra: Record<string, unknown> = {},
): NewEvent {
  return {
    aggregateType: 'reservation',
    aggregateId: view.reservationId,
    type,
    payload: {
      reservationId: view.reservationId,
      orderId: view.orderId,
      region: view.region,
      status: view.status,
      allocations: view.allocations,
      ...extra,
    },
  };
}
