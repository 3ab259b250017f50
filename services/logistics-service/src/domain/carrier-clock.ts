import { appendToOutbox, isReadOnly, withTransaction, type Pool } from '@globalretail/service-kit';
import { shipmentsRepository as repo } from '../repositories/shipments';
import { statusChangedEvent } from './events';
import { nextTransition, type ClockSettings, type ShipmentStatus } from './journey';
import type { LogisticsMetrics } from './metrics';
import { SCHEMA } from './shipments';
import { journeyState } from './types';

export interface CarrierClockDeps {
  pool: Pool;
  metrics: LogisticsMetrics;
  settings: ClockSettings;
  now: () => Date;
  /** Rolls for exceptions: Math.random in production, scripted in tests. */
  random: () => number;
  batchSize: number;
}

export interface ClockMove {
  shipmentId: string;
  from: ShipmentStatus;
  to: ShipmentStatus;
}

/**
 * Stands in for the carriers' scan feeds: each tick moves every shipment whose next step is
 * due by one step, writing the timeline event and `shipment.status_changed` in the same
 * transaction as the status. Rows are locked with SKIP LOCKED, so clocks in several
 * instances share the work and never move one shipment twice.
 */
export class CarrierClock {
  constructor(private readonly deps: CarrierClockDeps) {}

  async tick(now: Date = this.deps.now()): Promise<ClockMove[]> {
    const { pool, settings, random, batchSize, metrics } = this.deps;
    // A standby region's database refuses writes: its clock idles until a promotion.
    if (await isReadOnly(pool)) return [];
    const moved: ClockMove[] = [];
    for (;;) {
      const batch = await withTransaction(pool, async (tx) => {
        const due = await repo.lockDue(
          tx,
          now,
          moved.map((m) => m.shipmentId),
          batchSize,
        );
        const moves: ClockMove[] = [];
        for (const shipment of due) {
          const t = nextTransition(journeyState(shipment), settings, random);
          await repo.applyTransition(tx, shipment.id, t, now);
          await repo.addEvent(tx, shipment.id, {
            status: t.to,
            description: t.description,
            location: t.location,
            occurredAt: t.occurredAt,
          });
          await appendToOutbox(tx, SCHEMA, statusChangedEvent(shipment, t));
          moves.push({ shipmentId: shipment.id, from: t.from, to: t.to });
        }
        return { moves, full: due.length === batchSize };
      });
      for (const m of batch.moves) metrics.transitions.inc({ from: m.from, to: m.to });
      moved.push(...batch.moves);
      if (!batch.full) return moved;
    }
  }
}
