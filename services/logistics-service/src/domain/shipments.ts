import {
  appendToOutbox,
  badRequest,
  conflict,
  notFound,
  unprocessable,
  withTransaction,
  type Address,
  type OrderLine,
  type Pool,
  type Region,
} from '@globalretail/service-kit';
import { shipmentsRepository as repo, isTrackingNumberCollision } from '../repositories/shipments';
import { chooseCarrier, REGION_ORIGINS, type ServiceLevel } from './carriers';
import { shipmentCreatedEvent, statusChangedEvent } from './events';
import { cancellationEvent, labelCreatedEvent, planJourney } from './journey';
import type { LogisticsMetrics } from './metrics';
import { parseTrackingNumber } from './tracking-number';
import {
  isTombstone,
  journeyState,
  toTrackingView,
  type LiveShipment,
  type ShipmentRecord,
  type TrackingView,
} from './types';

export const SCHEMA = 'logistics';

export interface CreateShipmentInput {
  shipmentId: string;
  orderId: string;
  originWarehouseId: string;
  originRegion: Region;
  destination: Address;
  items: OrderLine[];
  serviceLevel: ServiceLevel;
}

export interface ShipmentServiceDeps {
  pool: Pool;
  metrics: LogisticsMetrics;
  now: () => Date;
  newTrackingNumber: () => string;
  /** Clock speed: the ETA is computed on the same simulated clock that delivers. */
  speed: number;
  unitWeightKg: number;
}

const TRACKING_NUMBER_ATTEMPTS = 5;

/** Creating, cancelling and looking up shipments. */
export class ShipmentService {
  constructor(private readonly deps: ShipmentServiceDeps) {}

  /**
   * Creates the shipment with the cheapest carrier that keeps the service level's promise,
   * its tracking number, the first timeline event and `shipment.created`, all or nothing.
   * The caller's id makes it idempotent: a known id answers the stored shipment.
   */
  async create(
    input: CreateShipmentInput,
  ): Promise<{ shipment: ShipmentRecord; created: boolean }> {
    const { pool } = this.deps;
    const existing = await repo.findById(pool, input.shipmentId);
    if (existing) return { shipment: this.replay(existing, input), created: false };

    const units = input.items.reduce((sum, line) => sum + line.quantity, 0);
    const choice = chooseCarrier({
      originRegion: input.originRegion,
      country: input.destination.country,
      serviceLevel: input.serviceLevel,
      units,
      unitWeightKg: this.deps.unitWeightKg,
    });
    if (!choice.ok) {
      throw unprocessable(
        'UNSUPPORTED_DESTINATION',
        `we do not ship from ${input.originRegion} to ${input.destination.country}`,
        { country: input.destination.country, supportedCountries: choice.supportedCountries },
      );
    }
    const createdAt = this.deps.now();
    const plan = planJourney(choice.offering, createdAt, { speed: this.deps.speed });
    const origin = REGION_ORIGINS[input.originRegion];

    for (let attempt = 1; ; attempt++) {
      try {
        const result = await withTransaction(pool, async (tx) => {
          const inserted = await repo.insertIfAbsent(tx, {
            id: input.shipmentId,
            orderId: input.orderId,
            trackingNumber: this.deps.newTrackingNumber(),
            carrier: choice.offering.carrier,
            carrierService: choice.offering.service,
            carrierOffering: choice.offering.code,
            serviceLevel: input.serviceLevel,
            originWarehouseId: input.originWarehouseId,
            originRegion: input.originRegion,
            originCity: origin.city,
            originCountry: origin.country,
            hubLocation: choice.offering.hub,
            destination: input.destination,
            items: input.items,
            costCents: choice.costCents,
            currency: choice.currency,
            plannedTransitMs: plan.plannedTransitMs,
            estimatedDeliveryAt: plan.estimatedDeliveryAt,
            nextTransitionAt: plan.nextTransitionAt,
            createdAt,
          });
          // A concurrent create of the same id won: answer what it stored.
          if (!inserted) {
            const winner = (await repo.findById(tx, input.shipmentId))!;
            return { created: false as const, shipment: winner };
          }
          const shipment = inserted as LiveShipment;
          const state = journeyState(shipment);
          await repo.addEvent(tx, shipment.id, {
            ...labelCreatedEvent(state),
            occurredAt: createdAt,
          });
          await appendToOutbox(tx, SCHEMA, shipmentCreatedEvent(shipment));
          return { created: true as const, shipment };
        });
        if (!result.created) {
          return { shipment: this.replay(result.shipment, input), created: false };
        }
        this.deps.metrics.shipmentsCreated.inc({
          carrier: choice.offering.carrier,
          service_level: input.serviceLevel,
        });
        return { shipment: result.shipment, created: true };
      } catch (err) {
        if (isTrackingNumberCollision(err) && attempt < TRACKING_NUMBER_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  private replay(existing: ShipmentRecord, input: CreateShipmentInput): ShipmentRecord {
    if (existing.status === 'CANCELLED') {
      throw conflict('SHIPMENT_CANCELLED', `shipment ${existing.id} was cancelled`);
    }
    if (existing.orderId !== input.orderId) {
      throw conflict(
        'SHIPMENT_ID_CONFLICT',
        `shipment ${existing.id} already exists for another order`,
      );
    }
    return existing;
  }

  /**
   * Cancels a shipment the carrier has not picked up yet. An unknown id leaves a CANCELLED
   * tombstone, so a create that arrives after its own compensation is refused.
   */
  async cancel(id: string): Promise<ShipmentRecord> {
    const now = this.deps.now();
    const outcome = await withTransaction(this.deps.pool, async (tx) => {
      const tombstone = await repo.insertTombstoneIfAbsent(tx, id, now);
      if (tombstone) return { result: 'tombstone' as const, shipment: tombstone };
      const s = (await repo.findByIdForUpdate(tx, id))!;
      if (s.status === 'CANCELLED') return { result: 'already_cancelled' as const, shipment: s };
      if (s.status !== 'LABEL_CREATED') return { result: 'refused' as const, shipment: s };
      const live = s as LiveShipment;
      const state = journeyState(live);
      const event = cancellationEvent(state);
      const transition = {
        from: s.status,
        to: 'CANCELLED' as const,
        nextTransitionAt: null,
        delayMs: s.delayMs,
        estimatedDeliveryAt: live.estimatedDeliveryAt,
      };
      const updated = await repo.applyTransition(tx, id, transition, now);
      await repo.addEvent(tx, id, { ...event, occurredAt: now });
      await appendToOutbox(
        tx,
        SCHEMA,
        statusChangedEvent(live, { ...transition, ...event, occurredAt: now }),
      );
      return { result: 'cancelled' as const, shipment: updated };
    });
    this.deps.metrics.cancellations.inc({ result: outcome.result });
    if (outcome.result === 'cancelled') {
      this.deps.metrics.transitions.inc({ from: 'LABEL_CREATED', to: 'CANCELLED' });
    }
    if (outcome.result === 'refused') {
      throw conflict(
        'SHIPMENT_ALREADY_MOVING',
        `shipment ${id} is ${outcome.shipment.status}; only a LABEL_CREATED shipment can be cancelled`,
        { status: outcome.shipment.status },
      );
    }
    return outcome.shipment;
  }

  async get(id: string): Promise<ShipmentRecord> {
    const s = await repo.findById(this.deps.pool, id);
    if (!s) throw notFound('shipment', id);
    return s;
  }

  listByOrder(orderId: string): Promise<ShipmentRecord[]> {
    return repo.findByOrderId(this.deps.pool, orderId);
  }

  /** The public tracking page of a number someone typed. */
  async track(input: string): Promise<TrackingView> {
    const trackingNumber = parseTrackingNumber(input);
    if (!trackingNumber) {
      throw badRequest(
        'INVALID_TRACKING_NUMBER',
        'that is not a valid tracking number: check it for typos',
      );
    }
    const s = await repo.findByTrackingNumber(this.deps.pool, trackingNumber);
    if (!s || isTombstone(s)) throw notFound('tracking number', trackingNumber);
    return toTrackingView(s, await repo.events(this.deps.pool, s.id));
  }
}
