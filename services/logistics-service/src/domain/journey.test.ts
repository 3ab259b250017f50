import { RATE_TABLE } from './carriers';
import {
  nextTransition,
  planJourney,
  type ClockSettings,
  type JourneyState,
  type ShipmentStatus,
} from './journey';

const upsTwoDay = RATE_TABLE.find((o) => o.code === 'ups-2nd-day-air')!;
const settings: ClockSettings = { speed: 1440, exceptionRate: 0.02, exceptionDelayHours: 24 };
const createdAt = new Date('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(createdAt.getTime() + ms);

function newState(): JourneyState {
  const plan = planJourney(upsTwoDay, createdAt, settings);
  return {
    status: 'LABEL_CREATED',
    createdAt,
    plannedTransitMs: plan.plannedTransitMs,
    delayMs: 0,
    nextTransitionAt: plan.nextTransitionAt,
    carrier: 'UPS',
    carrierService: 'UPS 2nd Day Air',
    serviceLevel: 'express',
    originLocation: 'Secaucus, NJ, US',
    hubLocation: 'Louisville, KY, US',
    destinationLocation: 'Boston, US',
  };
}

/** Walks a shipment to the end, feeding `rolls` to the exception dice. */
function walk(rolls: number[]) {
  let s = newState();
  const steps: { to: ShipmentStatus; at: number; location: string }[] = [];
  let eta = planJourney(upsTwoDay, createdAt, settings).estimatedDeliveryAt;
  while (s.status !== 'DELIVERED') {
    const t = nextTransition(s, settings, () => rolls.shift() ?? 0.99);
    steps.push({
      to: t.to,
      at: t.occurredAt.getTime() - createdAt.getTime(),
      location: t.location,
    });
    eta = t.estimatedDeliveryAt;
    s = {
      ...s,
      status: t.to,
      delayMs: t.delayMs,
      nextTransitionAt: t.nextTransitionAt ?? s.nextTransitionAt,
    };
    if (t.to === 'DELIVERED') expect(t.nextTransitionAt).toBeNull();
  }
  return { steps, eta, final: s };
}

describe('the simulated journey', () => {
  it('plans the carrier\u2019s slowest transit on the compressed clock: 2 days at 1440x = 2 minutes', () => {
    const plan = planJourney(upsTwoDay, createdAt, settings);
    expect(plan.plannedTransitMs).toBe(120_000);
    expect(plan.estimatedDeliveryAt).toEqual(at(120_000));
    expect(plan.nextTransitionAt).toEqual(at(12_000));
    expect(planJourney(upsTwoDay, createdAt, { speed: 1 }).plannedTransitMs).toBe(2 * 86_400_000);
  });

  it('moves through every status and is delivered exactly at the ETA', () => {
    const { steps, eta } = walk([]);
    expect(steps).toEqual([
      { to: 'PICKED_UP', at: 12_000, location: 'Secaucus, NJ, US' },
      { to: 'IN_TRANSIT', at: 30_000, location: 'Louisville, KY, US' },
      { to: 'OUT_FOR_DELIVERY', at: 102_000, location: 'Boston, US' },
      { to: 'DELIVERED', at: 120_000, location: 'Boston, US' },
    ]);
    expect(eta).toEqual(at(120_000));
  });

  it('an exception holds the parcel at the hub, resumes, and pushes the ETA by the delay', () => {
    // 24 simulated hours at 1440x = 60 s: held 30 s, then 30 s more in transit.
    const { steps, eta } = walk([0.01]);
    expect(steps.map((s) => [s.to, s.at])).toEqual([
      ['PICKED_UP', 12_000],
      ['IN_TRANSIT', 30_000],
      ['EXCEPTION', 102_000],
      ['IN_TRANSIT', 132_000],
      ['OUT_FOR_DELIVERY', 162_000],
      ['DELIVERED', 180_000],
    ]);
    expect(eta).toEqual(at(180_000));
  });

  it('a second exception pushes the ETA again', () => {
    const { steps, eta } = walk([0.01, 0.01]);
    expect(steps.filter((s) => s.to === 'EXCEPTION')).toHaveLength(2);
    expect(eta).toEqual(at(240_000));
    expect(steps.at(-1)).toMatchObject({ to: 'DELIVERED', at: 240_000 });
  });

  it('rolls the dice only when an IN_TRANSIT leg ends, against the configured rate', () => {
    let rolls = 0;
    const s = newState();
    nextTransition(s, settings, () => {
      rolls++;
      return 0;
    });
    expect(rolls).toBe(0);
    const inTransit = { ...s, status: 'IN_TRANSIT' as const, nextTransitionAt: at(102_000) };
    expect(nextTransition(inTransit, settings, () => 0.02).to).toBe('OUT_FOR_DELIVERY');
    expect(nextTransition(inTransit, settings, () => 0.019).to).toBe('EXCEPTION');
    expect(nextTransition(inTransit, { ...settings, exceptionRate: 0 }, () => 0).to).toBe(
      'OUT_FOR_DELIVERY',
    );
  });

  it('never moves a final shipment', () => {
    expect(() =>
      nextTransition({ ...newState(), status: 'DELIVERED' }, settings, Math.random),
    ).toThrow();
    expect(() =>
      nextTransition({ ...newState(), status: 'CANCELLED' }, settings, Math.random),
    ).toThrow();
  });
});
