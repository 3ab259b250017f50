import {
  AppError,
  appendToOutbox,
  conflict,
  notFound,
  unprocessable,
  withTransaction,
  type OrderLine,
  type Pool,
  type PoolClient,
  type Region,
} from '@globalretail/service-kit';
import type { InventoryMetrics } from '../metrics';
import { productStates } from '../repositories/products';
import {
  endReservations,
  findReservation,
  insertHeldReservation,
  insertReservationLines,
  insertTombstone,
  lockExpiredHolds,
  lockReservation,
  reservationLines,
} from '../repositories/reservations';
import { applyStockDeltas, lockStockOfSkus, lockStockRows } from '../repositories/stock';
import { recordStockChanges } from '../repositories/audit';
import { listWarehouses } from '../repositories/warehouses';
import { allocate } from './allocation';
import { reservationEvent, stockLowEvents } from './events';
import { SCHEMA, SWEEPER_ACTOR, type Actor, type Reservation } from './types';
import { reservationView, type ReservationView } from './views';

export interface ReserveCommand {
  reservationId: string;
  orderId: string;
  region: Region;
  lines: OrderLine[];
  ttlSeconds: number;
}

/**
 * Holds, commits, releases and expires stock for orders. Every state change runs in one
 * transaction that first locks the reservation row, then the stock rows it touches in
 * (sku, warehouse) order, so concurrent commits, releases and the sweeper serialise on the
 * reservation and can never return the same units twice.
 */
export class ReservationService {
  constructor(
    private readonly pool: Pool,
    private readonly metrics: InventoryMetrics,
  ) {}

  /**
   * Holds every line or none. A reservation id seen before answers with that reservation
   * (`created: false`) instead of holding again.
   */
  async reserve(
    command: ReserveCommand,
    actor: Actor,
  ): Promise<{ created: boolean; reservation: ReservationView }> {
    try {
      const result = await withTransaction(this.pool, (tx) => this.reserveIn(tx, command, actor));
      this.metrics.reservations.inc({ result: result.created ? 'held' : 'duplicate' });
      return result;
    } catch (err) {
      this.metrics.reservations.inc({ result: reserveFailure(err) });
      throw err;
    }
  }

  private async reserveIn(tx: PoolClient, command: ReserveCommand, actor: Actor) {
    const { reservationId: id, lines } = command;
    const claimed = await insertHeldReservation(tx, {
      id,
      orderId: command.orderId,
      region: command.region,
      ttlSeconds: command.ttlSeconds,
      createdBy: `${actor.kind}:${actor.name}`,
    });
    if (!claimed) {
      const existing = (await findReservation(tx, id))!;
      if (existing.status === 'RELEASED' || existing.status === 'EXPIRED') {
        throw conflict(
          'RESERVATION_RELEASED',
          `reservation ${id} was already ${existing.status.toLowerCase()}; use a new id`,
          { status: existing.status },
        );
      }
      return { created: false, reservation: await this.view(tx, existing) };
    }

    const skus = lines.map((l) => l.sku);
    const products = await productStates(tx, skus);
    const unknown = skus
      .filter((sku) => !products.get(sku)?.active)
      .map((sku) => ({ sku, problem: products.has(sku) ? 'inactive' : 'unknown' }));
    if (unknown.length > 0) {
      throw unprocessable(
        'UNKNOWN_SKU',
        `unknown or inactive SKU: ${unknown.map((u) => u.sku).join(', ')}`,
        unknown,
      );
    }

    const stock = await lockStockOfSkus(tx, skus);
    const available = new Map<string, Map<string, number>>();
    for (const level of stock) {
      const perWarehouse = available.get(level.sku) ?? new Map<string, number>();
      perWarehouse.set(level.warehouseId, level.available);
      available.set(level.sku, perWarehouse);
    }
    const plan = allocate({
      region: command.region,
      lines,
      warehouses: await listWarehouses(tx),
      available,
    });
    if (!plan.ok) {
      throw conflict(
        'INSUFFICIENT_STOCK',
        `not enough stock for ${plan.shortages.map((s) => s.sku).join(', ')}`,
        plan.shortages,
      );
    }

    const held = plan.allocations.flatMap((a) =>
      a.lines.map((l) => ({ sku: l.sku, warehouseId: a.warehouseId, quantity: l.quantity })),
    );
    const changes = await applyStockDeltas(
      tx,
      held.map((h) => ({ ...h, onHandDelta: 0, reservedDelta: h.quantity })),
    );
    await insertReservationLines(tx, id, held);
    await recordStockChanges(
      tx,
      changes.map((stockChange) => ({
        stock: stockChange,
        change: 'reserve',
        actor,
        reason: `held for order ${command.orderId}`,
        reservationId: id,
      })),
    );
    const view = await this.view(tx, (await findReservation(tx, id))!);
    const low = stockLowEvents(changes);
    await appendToOutbox(tx, SCHEMA, [
      reservationEvent('stock.reserved', view, {
        expiresAt: view.expiresAt,
        strategy: plan.strategy,
      }),
      ...low,
    ]);
    this.metrics.lowStock.inc(low.length);
    return { created: true, reservation: view };
  }

  async get(id: string): Promise<ReservationView> {
    const reservation = await findReservation(this.pool, id);
    if (!reservation) throw notFound('reservation', id);
    return this.view(this.pool, reservation);
  }

  /** HELD -> COMMITTED: the held units leave the warehouse. Committing twice is a no-op. */
  async commit(id: string, actor: Actor): Promise<ReservationView> {
    const outcome = await withTransaction(this.pool, async (tx) => {
      const reservation = await lockReservation(tx, id);
      if (!reservation) throw notFound('reservation', id);
      if (reservation.status === 'COMMITTED') {
        return { kind: 'already' as const, view: await this.view(tx, reservation) };
      }
      if (reservation.status !== 'HELD') {
        return { kind: 'not-held' as const, status: reservation.status };
      }
      if (reservation.pastExpiry) {
        // The sweeper has not reached it yet; its deadline is what counts, so expire it now.
        await this.endHolds(tx, [reservation], 'EXPIRED', SWEEPER_ACTOR);
        return { kind: 'expired' as const };
      }
      const lines = (await reservationLines(tx, [id])).get(id)!;
      await lockStockRows(tx, lines);
      const changes = await applyStockDeltas(
        tx,
        lines.map((l) => ({ ...l, onHandDelta: -l.quantity, reservedDelta: -l.quantity })),
      );
      await endReservations(tx, [id], 'COMMITTED', 'committed');
      await recordStockChanges(
        tx,
        changes.map((stock) => ({
          stock,
          change: 'commit',
          actor,
          reason: `shipped for order ${reservation.orderId}`,
          reservationId: id,
        })),
      );
      const view = await this.view(tx, (await findReservation(tx, id))!);
      await appendToOutbox(tx, SCHEMA, reservationEvent('stock.committed', view));
      return { kind: 'committed' as const, view };
    });
    switch (outcome.kind) {
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

function reserveFailure(err: unknown) {
  if (err instanceof AppError) {
    if (err.code === 'INSUFFICIENT_STOCK') return 'insufficient';
    if (err.code === 'UNKNOWN_SKU') return 'unknown_sku';
    if (err.code === 'RESERVATION_RELEASED') return 'released';
  }
  return 'error';
}
