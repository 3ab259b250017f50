import {
  appendToOutbox,
  conflict,
  notFound,
  withTransaction,
  type Pool,
  type PoolClient,
} from '@globalretail/service-kit';
import type { InventoryMetrics } from '../metrics';
import { recordStockChanges } from '../repositories/audit';
import {
  endReservations,
  findReservation,
  insertTombstone,
  lockExpiredHolds,
  lockReservation,
  reservationLines,
} from '../repositories/reservations';
import { applyStockDeltas, lockStockRows } from '../repositories/stock';
import { reservationEvent } from './events';
import {
  ReservationBatcher,
  type BatcherOptions,
  type ReserveAnswer,
  type ReserveCommand,
} from './reservation-batcher';
import { SCHEMA, SWEEPER_ACTOR, type Actor, type Reservation } from './types';
import { reservationView, type ReservationView } from './views';

export type { ReserveAnswer, ReserveCommand } from './reservation-batcher';

/**
 * Holds, commits, releases and expires stock for orders. Reserves and commits go through the
 * {@link ReservationBatcher} (group commit: one transaction per batch of requests); releases
 * and the sweeper run one transaction each. Every state change locks reservation rows first,
 * then the stock rows it touches in (sku, warehouse) order, so concurrent commits, releases
 * and the sweeper serialise on the reservation and can never return the same units twice.
 */
export class ReservationService {
  private readonly batcher: ReservationBatcher;

  constructor(
    private readonly pool: Pool,
    private readonly metrics: InventoryMetrics,
    options: BatcherOptions,
  ) {
    this.batcher = new ReservationBatcher(pool, metrics, options);
  }

  /**
   * Holds every line or none. A reservation id seen before answers with that reservation
   * (`created: false`) instead of holding again.
   */
  reserve(command: ReserveCommand, actor: Actor): Promise<ReserveAnswer> {
    return this.batcher.reserve(command, actor);
  }

  /** Resolves once every queued reserve and commit has been answered. */
  drain(): Promise<void> {
    return this.batcher.drain();
  }

  async get(id: string): Promise<ReservationView> {
    const reservation = await findReservation(this.pool, id);
    if (!reservation) throw notFound('reservation', id);
    return this.view(this.pool, reservation);
  }

  /** HELD -> COMMITTED: the held units leave the warehouse. Committing twice is a no-op. */
  async commit(id: string, actor: Actor): Promise<ReservationView> {
    const outcome = await this.batcher.commit(id, actor);
    switch (outcome.kind) {
      case 'missing':
        throw notFound('reservation', id);
      case 'committed':
      case 'already':
        this.metrics.commits.inc({
          result: outcome.kind === 'committed' ? 'committed' : 'already_committed',
        });
        return outcome.view;
      case 'expired':
        this.metrics.expiries.inc({ by: 'commit' });
        this.metrics.commits.inc({ result: 'not_held' });
        throw conflict('RESERVATION_NOT_HELD', `reservation ${id} expired before the commit`, {
          status: 'EXPIRED',
        });
      case 'not-held':
        this.metrics.commits.inc({ result: 'not_held' });
        throw conflict(
          'RESERVATION_NOT_HELD',
          `reservation ${id} is ${outcome.status.toLowerCase()}, not held`,
          { status: outcome.status },
        );
    }
  }

  /**
   * HELD -> RELEASED: the held units become available again. Releasing an ended hold is a
   * no-op; releasing an unknown id leaves a tombstone so a late reserve with it is refused.
   */
  async release(id: string, actor: Actor): Promise<ReservationView> {
    const outcome = await withTransaction(this.pool, async (tx) => {
      // Two rounds at most: if our tombstone loses a race with a reserve of the same id,
      // the reservation exists by the second round and is released like any other.
      for (let round = 0; round < 2; round++) {
        const reservation = await lockReservation(tx, id);
        if (!reservation) {
          if (await insertTombstone(tx, id, `${actor.kind}:${actor.name}`)) {
            return {
              result: 'tombstone',
              view: await this.view(tx, (await findReservation(tx, id))!),
            };
          }
          continue;
        }
        if (reservation.status === 'COMMITTED') return { result: 'committed' };
        if (reservation.status !== 'HELD') {
          return { result: 'already_ended', view: await this.view(tx, reservation) };
        }
        await this.endHolds(tx, [reservation], 'RELEASED', actor);
        return { result: 'released', view: await this.view(tx, (await findReservation(tx, id))!) };
      }
      throw new Error(`reservation ${id} neither exists nor can be created`);
    });
    this.metrics.releases.inc({ result: outcome.result });
    if (!outcome.view) {
      throw conflict(
        'RESERVATION_COMMITTED',
        `reservation ${id} is committed; its stock has left the warehouse`,
      );
    }
    return outcome.view;
  }

  /**
   * Expires holds past their deadline, in batches, and returns how many. Holds locked by a
   * concurrent commit or release are skipped: that transaction decides them.
   */
  async expireDue(batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await withTransaction(this.pool, async (tx) => {
        const due = await lockExpiredHolds(tx, batchSize);
        if (due.length > 0) await this.endHolds(tx, due, 'EXPIRED', SWEEPER_ACTOR);
        return due.length;
      });
      total += expired;
      this.metrics.expiries.inc({ by: 'sweeper' }, expired);
      if (expired < batchSize) return total;
    }
  }

  /**
   * Returns the held units of locked HELD reservations to stock and ends them. All stock rows
   * of the batch are locked up front in the global order, then changed per reservation so
   * each audit row shows that reservation's own before and after.
   */
  private async endHolds(
    tx: PoolClient,
    reservations: readonly Reservation[],
    status: 'RELEASED' | 'EXPIRED',
    actor: Actor,
  ): Promise<void> {
    const ids = reservations.map((r) => r.id);
    const linesById = await reservationLines(tx, ids);
    await lockStockRows(tx, [...linesById.values()].flat());
    const reason = status === 'EXPIRED' ? 'expired' : 'released';
    await endReservations(tx, ids, status, reason);
    const events = [];
    for (const reservation of reservations) {
      const lines = linesById.get(reservation.id) ?? [];
      const changes = await applyStockDeltas(
        tx,
        lines.map((l) => ({ ...l, onHandDelta: 0, reservedDelta: -l.quantity })),
      );
      await recordStockChanges(
        tx,
        changes.map((stock) => ({
          stock,
          change: status === 'EXPIRED' ? 'expire' : 'release',
          actor,
          reason: `${reason} hold for order ${reservation.orderId}`,
          reservationId: reservation.id,
        })),
      );
      const view = reservationView({ ...reservation, status }, lines);
      events.push(reservationEvent('stock.released', view, { reason }));
    }
    await appendToOutbox(tx, SCHEMA, events);
  }

  private async view(db: Pool | PoolClient, reservation: Reservation): Promise<ReservationView> {
    const lines = (await reservationLines(db, [reservation.id])).get(reservation.id) ?? [];
    return reservationView(reservation, lines);
  }
}
