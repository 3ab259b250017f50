import type { CarrierOffering } from './carriers';

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
export const FINAL_STATUSES: readonly ShipmentStatus[] = ['DELIVERED', 'CANCELLED'];
export const isFinal = (status: ShipmentStatus) => FINAL_STATUSES.includes(status);

type MovingStatus = 'LABEL_CREATED' | 'PICKED_UP' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * How far into the planned transit each leg ends: a tenth waiting for pickup, a little at the
 * origin depot, most of it between hubs, the last stretch on the delivery van. The last leg
 * ends at exactly 1, so DELIVERED happens at the ETA.
 */
export const LEG_ENDS: Record<MovingStatus, number> = {
  LABEL_CREATED: 0.1,
  PICKED_UP: 0.25,
  IN_TRANSIT: 0.85,
  OUT_FOR_DELIVERY: 1,
};

const NEXT: Record<MovingStatus, ShipmentStatus> = {
  LABEL_CREATED: 'PICKED_UP',
  PICKED_UP: 'IN_TRANSIT',
  IN_TRANSIT: 'OUT_FOR_DELIVERY',
  OUT_FOR_DELIVERY: 'DELIVERED',
};

export interface ClockSettings {
  /** Simulated time per real time: 1440 makes a simulated day pass in a real minute. */
  speed: number;
  /** Chance that an IN_TRANSIT leg ends in an EXCEPTION instead of going out for delivery. */
  exceptionRate: number;
  /** Simulated hours an exception costs (the ETA moves by as much). */
  exceptionDelayHours: number;
}

/** Simulated duration in real milliseconds. */
export const simulatedMs = (ms: number, speed: number) => Math.round(ms / speed);

export interface JourneyPlan {
  plannedTransitMs: number;
  estimatedDeliveryAt: Date;
  nextTransitionAt: Date;
}

/**
 * The schedule of a new shipment: the carrier's slowest transit for the offering (what it
 * commits to), compressed by the clock speed. The ETA is when the clock will deliver it.
 */
export function planJourney(
  offering: CarrierOffering,
  createdAt: Date,
  settings: Pick<ClockSettings, 'speed'>,
): JourneyPlan {
  const plannedTransitMs = simulatedMs(offering.transitDays.max * DAY_MS, settings.speed);
  return {
    plannedTransitMs,
    estimatedDeliveryAt: new Date(createdAt.getTime() + plannedTransitMs),
    nextTransitionAt: legEndsAt({ createdAt, plannedTransitMs, delayMs: 0 }, 'LABEL_CREATED'),
  };
}

/** When the leg of a status ends: measured from creation, so rounding never accumulates. */
export function legEndsAt(
  s: { createdAt: Date; plannedTransitMs: number; delayMs: number },
  status: MovingStatus,
): Date {
  return new Date(
    s.createdAt.getTime() + s.delayMs + Math.round(s.plannedTransitMs * LEG_ENDS[status]),
  );
}

export interface JourneyState {
  status: ShipmentStatus;
  createdAt: Date;
  plannedTransitMs: number;
  delayMs: number;
  nextTransitionAt: Date;
  carrier: string;
  carrierService: string;
  serviceLevel: string;
  originLocation: string;
  hubLocation: string;
  destinationLocation: string;
}

export interface Transition {
  from: ShipmentStatus;
  to: ShipmentStatus;
  /** When it happened in the simulation: the scheduled time, not when the tick ran. */
  occurredAt: Date;
  description: string;
  location: string;
  /** Null once the shipment is final. */
  nextTransitionAt: Date | null;
  delayMs: number;
  estimatedDeliveryAt: Date;
}

export function labelCreatedEvent(
  s: Pick<JourneyState, 'carrierService' | 'serviceLevel' | 'originLocation'>,
) {
  return {
    status: 'LABEL_CREATED' as const,
    description: `Shipping label created: ${s.carrierService} (${s.serviceLevel})`,
    location: s.originLocation,
  };
}

/**
 * The one step the carrier clock takes for a due shipment. `random` decides whether an
 * IN_TRANSIT leg runs into an exception, so tests choose the outcome.
 */
export function nextTransition(
  s: JourneyState,
  settings: ClockSettings,
  random: () => number,
): Transition {
  const occurredAt = s.nextTransitionAt;
  const eta = (delayMs: number) => new Date(s.createdAt.getTime() + s.plannedTransitMs + delayMs);
  const step = (
    to: ShipmentStatus,
    description: string,
    location: string,
    delayMs = s.delayMs,
    nextTransitionAt: Date | null = to === 'DELIVERED'
      ? null
      : legEndsAt({ ...s, delayMs }, to as MovingStatus),
  ): Transition => ({
    from: s.status,
    to,
    occurredAt,
    description,
    location,
    nextTransitionAt,
    delayMs,
    estimatedDeliveryAt: eta(delayMs),
  });

  switch (s.status) {
    case 'LABEL_CREATED':
      return step('PICKED_UP', `Picked up by ${s.carrier}`, s.originLocation);
    case 'PICKED_UP':
      return step('IN_TRANSIT', 'In transit: arrived at the carrier hub', s.hubLocation);
    case 'IN_TRANSIT': {
      if (random() < settings.exceptionRate) {
        const exceptionMs = simulatedMs(settings.exceptionDelayHours * HOUR_MS, settings.speed);
        // Held at the hub for half the delay, then the rest of it in transit again.
        return step(
          'EXCEPTION',
          'Delayed at hub (weather); the delivery estimate has moved',
          s.hubLocation,
          s.delayMs + exceptionMs,
          new Date(occurredAt.getTime() + Math.round(exceptionMs / 2)),
        );
      }
      return step(NEXT.IN_TRANSIT, 'Out for delivery', s.destinationLocation);
    }
    case 'EXCEPTION':
      return step('IN_TRANSIT', 'Delay cleared: in transit again', s.hubLocation);
    case 'OUT_FOR_DELIVERY':
      return step('DELIVERED', 'Delivered', s.destinationLocation);
    case 'DELIVERED':
    case 'CANCELLED':
      throw new Error(`a ${s.status} shipment does not move`);
  }
}

export function cancellationEvent(s: Pick<JourneyState, 'originLocation'>) {
  return {
    status: 'CANCELLED' as const,
    description: 'Shipment cancelled before pickup; label voided',
    location: s.originLocation,
  };
}
