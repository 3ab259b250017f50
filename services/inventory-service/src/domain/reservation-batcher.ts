import {
  badRequest,
  conflict,
  currentRequestId,
  orderLinesSchema,
  regionSchema,
  runWithRequestId,
  unprocessable,
  uuidSchema,
  withTransaction,
  type NewEvent,
  type OrderLine,
  type Pool,
  type PoolClient,
  type Region,
} from '@globalretail/service-kit';
import { z } from 'zod';
import type { InventoryMetrics } from '../metrics';
import type { AuditEntry } from '../repositories/audit';
import {
  lockReserveBatch,
  reservationsWithLines,
  writeStockBatch,
  type EndedReservation,
  type LockedStock,
} from '../repositories/batch';
import { compareLines } from '../repositories/reservations';
import { lockStockRows, type StockDelta } from '../repositories/stock';
import { allocate, type AllocationStrategy } from './allocation';
import { reservationEvent, stockLowEvents } from './events';
import { failed, GroupCommit, succeeded, type Outcome } from './group-commit';
import {
  SWEEPER_ACTOR,
  type Actor,
  type Reservation,
  type ReservationLine,
  type StockChange,
} from './types';
import { reservationView, type ReservationView } from './views';

export interface ReserveCommand {
  reservationId: string;
  orderId: string;
  region: Region;
  lines: OrderLine[];
  ttlSeconds: number;
}

export interface ReserveAnswer {
  created: boolean;
  reservation: ReservationView;
}

/** What a commit found and did; the service turns it into an answer or an error. */
export type CommitDecision =
  | { kind: 'committed'; view: ReservationView }
  | { kind: 'already'; view: ReservationView }
  | { kind: 'expired' }
  | { kind: 'not-held'; status: Reservation['status'] }
  | { kind: 'missing' };

interface Queued<C> {
  command: C;
  actor: Actor;
  /** The request the command came with: its audit rows and events carry it. */
  requestId: string | null;
}

type ReserveResult = 'held' | 'insufficient' | 'unknown_sku' | 'duplicate' | 'released';

/** Reservation ids as the database spells them (lower case), so they compare as strings. */
const reservationIdSchema = uuidSchema.transform((id) => id.toLowerCase());

/** What every reserve in a batch must satisfy for the batch's statements to be valid. */
const reserveCommandSchema = z.object({
  reservationId: reservationIdSchema,
  orderId: z.string().min(1).max(64),
  region: regionSchema,
  lines: orderLinesSchema,
  ttlSeconds: z.number().int().min(1).max(86_400),
});

function invalid(error: z.ZodError) {
  return badRequest(
    'VALIDATION_FAILED',
    'invalid command',
    error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  );
}

/** Thrown inside a batch transaction to roll it back and run the whole batch again. */
class RerunBatch extends Error {}

export interface BatcherOptions {
  /** Most commands one batch (one transaction) takes. */
  maxBatch: number;
}

/**
 * Group commit for stock operations. Reserves (and commits) queue up and run in batches, ONE
 * transaction per batch and at most one batch of each kind in flight per process: the stock
 * rows a batch needs are locked once, every command is decided in arrival order against the
 * locked numbers in memory, and everything the successful ones change is written with a few
 * multi-row statements. So a hot SKU's row lock is taken once per batch instead of once per
 * request, and is held for a fixed handful of round trips whatever the batch size.
 *
 * Every command still gets its own answer, exactly as if the commands had run one after
 * another in arrival order: a refused command (unknown SKU, not enough stock, released id)
 * changes nothing and does not disturb the others. Only an unexpected failure of the batch
 * transaction fails all of its commands (callers retry with the same ids, idempotently).
 *
 * Lock order, shared with everything else that writes stock: reservation rows first (in id
 * order when several), then stock rows in (sku, warehouse_id) order. A reserve batch inserts
 * its new reservation rows after locking stock, but those are rows nobody else can hold yet.
 * It looks up which ids exist only once it holds the stock locks, so another instance's batch
 * for the same SKUs has committed by then and its holds are seen as replays; if a concurrent
 * transaction still inserted one of the ids meanwhile (a release's tombstone, or a batch on
 * other SKUs), the batch rolls back and runs once more, and then sees that reservation like
 * any replay.
 */
export class ReservationBatcher {
  private readonly reserves: GroupCommit<Queued<ReserveCommand>, ReserveAnswer>;
  private readonly commits: GroupCommit<Queued<string>, CommitDecision>;
  private batches = 0;

  constructor(
    private readonly pool: Pool,
    private readonly metrics: InventoryMetrics,
    options: BatcherOptions,
  ) {
    this.reserves = new GroupCommit((batch) => this.runReserves(batch), options.maxBatch);
    this.commits = new GroupCommit((batch) => this.runCommits(batch), options.maxBatch);
  }

  /**
   * Queues a reserve. A malformed command (the routes never send one) is refused here, on its
   * own, so that nothing in a batch can make its statements fail for the others.
   */
  reserve(command: ReserveCommand, actor: Actor): Promise<ReserveAnswer> {
    const checked = reserveCommandSchema.safeParse(command);
    if (!checked.success) return Promise.reject(invalid(checked.error));
    return this.reserves.submit({
      command: checked.data,
      actor,
      requestId: currentRequestId() ?? null,
    });
  }

  commit(id: string, actor: Actor): Promise<CommitDecision> {
    const checked = reservationIdSchema.safeParse(id);
    if (!checked.success) return Promise.reject(invalid(checked.error));
    return this.commits.submit({
      command: checked.data,
      actor,
      requestId: currentRequestId() ?? null,
    });
  }

  /** Resolves once every command submitted so far has been answered (used at shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.reserves.drain(), this.commits.drain()]);
  }

  private async runReserves(batch: readonly Queued<ReserveCommand>[]) {
    this.metrics.batchCommands.inc({ op: 'reserve' }, batch.length);
    try {
      const { outcomes, results, lowEvents } = await this.inBatchTransaction('reserve', (tx) =>
        reserveBatch(tx, batch),
      );
      for (const result of results) this.metrics.reservations.inc({ result });
      this.metrics.lowStock.inc(lowEvents);
      return outcomes;
    } catch (err) {
      this.metrics.reservations.inc({ result: 'error' }, batch.length);
      throw err;
    }
  }

  private async runCommits(batch: readonly Queued<string>[]) {
    this.metrics.batchCommands.inc({ op: 'commit' }, batch.length);
    return this.inBatchTransaction('commit', (tx) => commitBatch(tx, batch));
  }

  /**
   * Runs a batch in one transaction (deadlocks and serialization failures are retried by
   * `withTransaction`), once more if it asked to be re-run, under a request id of its own.
   */
  private async inBatchTransaction<T>(
    op: 'reserve' | 'commit',
    fn: (tx: PoolClient) => Promise<T>,
  ): Promise<T> {
    const batchId = `${op}-batch-${++this.batches}`;
    return runWithRequestId(batchId, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await withTransaction(this.pool, fn);
          this.metrics.batches.inc({ op, result: 'committed' });
          return result;
        } catch (err) {
          if (err instanceof RerunBatch && attempt === 0) {
            this.metrics.batches.inc({ op, result: 'rerun' });
            continue;
          }
          this.metrics.batches.inc({ op, result: 'failed' });
          throw err;
        }
      }
    });
  }
}

const rowKey = (sku: string, warehouseId: string) => `${sku}\u0000${warehouseId}`;

/**
 * The locked stock rows in memory. Every change is applied here first, in command order, so
 * each command sees what the ones before it left, and each change is recorded with its own
 * before and after (for the audit trail and the low-stock events).
 */
class StockLedger {
  /** Each locked row as the batch moves it, starting from its locked numbers. */
  private readonly rows = new Map<string, LockedStock>();
  /** Units that can be reserved, per SKU then warehouse, as `allocate` reads them. */
  readonly available = new Map<string, Map<string, number>>();

  constructor(levels: readonly LockedStock[]) {
    for (const level of levels) {
      this.rows.set(rowKey(level.sku, level.warehouseId), { ...level });
      const perWarehouse = this.available.get(level.sku) ?? new Map<string, number>();
      perWarehouse.set(level.warehouseId, level.onHand - level.reserved);
      this.available.set(level.sku, perWarehouse);
    }
  }

  apply(delta: StockDelta): StockChange {
    const row = this.rows.get(rowKey(delta.sku, delta.warehouseId));
    if (!row) throw new Error(`stock row ${delta.sku}@${delta.warehouseId} is not locked`);
    const change: StockChange = {
      sku: row.sku,
      warehouseId: row.warehouseId,
      region: row.region,
      oldOnHand: row.onHand,
      newOnHand: row.onHand + delta.onHandDelta,
      oldReserved: row.reserved,
      newReserved: row.reserved + delta.reservedDelta,
      lowStockThreshold: row.lowStockThreshold,
    };
    if (change.newOnHand < 0 || change.newReserved < 0 || change.newReserved > change.newOnHand) {
      throw new Error(`stock change would break ${row.sku}@${row.warehouseId}`);
    }
    row.onHand = change.newOnHand;
    row.reserved = change.newReserved;
    this.available.get(row.sku)!.set(row.warehouseId, row.onHand - row.reserved);
    return change;
  }

  /** Net change per row over every {@link apply} so far, for one multi-row UPDATE. */
  static net(changes: readonly StockChange[]): StockDelta[] {
    const net = new Map<string, StockDelta>();
    for (const c of changes) {
      const key = rowKey(c.sku, c.warehouseId);
      const d = net.get(key) ?? {
        sku: c.sku,
        warehouseId: c.warehouseId,
        onHandDelta: 0,
        reservedDelta: 0,
      };
      d.onHandDelta += c.newOnHand - c.oldOnHand;
      d.reservedDelta += c.newReserved - c.oldReserved;
      net.set(key, d);
    }
    return [...net.values()];
  }
}

/** A hold decided in this batch, written once the whole batch is decided. */
interface DecidedHold {
  item: Queued<ReserveCommand>;
  strategy: AllocationStrategy;
  lines: ReservationLine[];
  changes: StockChange[];
}

type ReserveDecision =
  | { kind: 'answer'; outcome: Outcome<ReserveAnswer>; result: ReserveResult }
  /** Same id as an earlier command of this batch that holds: answered with its reservation. */
  | { kind: 'duplicate'; of: string }
  | { kind: 'hold'; hold: DecidedHold };

/**
 * One batch of reserves inside its transaction, in three statements whatever its size (plus
 * BEGIN and COMMIT): lock the stock rows of every SKU of the batch (with the catalogue and
 * warehouses), read which ids exist already (with their lines, for replays), decide every
 * command in arrival order in memory, then write all holds, lines, stock changes, audit rows
 * and events at once.
 */
async function reserveBatch(tx: PoolClient, batch: readonly Queued<ReserveCommand>[]) {
  const ids = [...new Set(batch.map((q) => q.command.reservationId))];
  const skus = [...new Set(batch.flatMap((q) => q.command.lines.map((l) => l.sku)))];
  const { now, products, warehouses, stock } = await lockReserveBatch(tx, skus);
  const ledger = new StockLedger(stock);
  // Which ids exist already, read only now: a batch of another instance that held these stock
  // rows before us has committed by now, so its reservations are seen here, as replays.
  const existing = await reservationsWithLines(tx, ids, { lock: false });
  const created = now.toISOString();

  const holding = new Set<string>();
  const decisions: ReserveDecision[] = batch.map((item): ReserveDecision => {
    const { command } = item;
    const id = command.reservationId;
    const found = existing.get(id)?.reservation;
    if (found) {
      if (found.status === 'RELEASED' || found.status === 'EXPIRED') {
        return {
          kind: 'answer',
          result: 'released',
          outcome: failed(
            conflict(
              'RESERVATION_RELEASED',
              `reservation ${id} was already ${found.status.toLowerCase()}; use a new id`,
              { status: found.status },
            ),
          ),
        };
      }
      const reservation = reservationView(found, existing.get(id)!.lines);
      return {
        kind: 'answer',
        result: 'duplicate',
        outcome: succeeded({ created: false, reservation }),
      };
    }
    if (holding.has(id)) return { kind: 'duplicate', of: id };

    const lineSkus = command.lines.map((l) => l.sku);
    const unknown = lineSkus
      .filter((sku) => !products.get(sku)?.active)
      .map((sku) => ({ sku, problem: products.has(sku) ? 'inactive' : 'unknown' }));
    if (unknown.length > 0) {
      return {
        kind: 'answer',
        result: 'unknown_sku',
        outcome: failed(
          unprocessable(
            'UNKNOWN_SKU',
            `unknown or inactive SKU: ${unknown.map((u) => u.sku).join(', ')}`,
            unknown,
          ),
        ),
      };
    }

    const plan = allocate({
      region: command.region,
      lines: command.lines,
      warehouses,
      available: ledger.available,
    });
    if (!plan.ok) {
      return {
        kind: 'answer',
        result: 'insufficient',
        outcome: failed(
          conflict(
            'INSUFFICIENT_STOCK',
            `not enough stock for ${plan.shortages.map((s) => s.sku).join(', ')}`,
            plan.shortages,
          ),
        ),
      };
    }
    const lines: ReservationLine[] = plan.allocations
      .flatMap((a) =>
        a.lines.map((l) => ({
          sku: l.sku,
          warehouseId: a.warehouseId,
          region: a.region,
          quantity: l.quantity,
        })),
      )
      .sort(compareLines);
    const changes = lines.map((l) =>
      ledger.apply({ ...l, onHandDelta: 0, reservedDelta: l.quantity }),
    );
    holding.add(id);
    return { kind: 'hold', hold: { item, strategy: plan.strategy, lines, changes } };
  });

  const holds = decisions.flatMap((d) => (d.kind === 'hold' ? [d.hold] : []));
  const views = new Map<string, ReservationView>();
  const events: { event: NewEvent; requestId: string | null }[] = [];
  const audit: AuditEntry[] = [];
  let lowEvents = 0;
  for (const { item, strategy, lines, changes } of holds) {
    const { command, actor, requestId } = item;
    // Exactly what reading the row back gives: created at the transaction's now(), expiring
    // ttlSeconds (whole seconds) later.
    const view = reservationView(
      {
        id: command.reservationId,
        orderId: command.orderId,
        region: command.region,
        status: 'HELD',
        tombstone: false,
        expiresAt: new Date(now.getTime() + command.ttlSeconds * 1000).toISOString(),
        pastExpiry: false,
        endedReason: null,
        createdAt: created,
        updatedAt: created,
      },
      lines,
    );
    views.set(command.reservationId, view);
    const low = stockLowEvents(changes);
    lowEvents += low.length;
    for (const event of [
      reservationEvent('stock.reserved', view, { expiresAt: view.expiresAt, strategy }),
      ...low,
    ]) {
      events.push({ event, requestId });
    }
    for (const stockChange of changes) {
      audit.push({
        stock: stockChange,
        change: 'reserve',
        actor,
        reason: `held for order ${command.orderId}`,
        reservationId: command.reservationId,
        requestId,
      });
    }
  }
  if (holds.length > 0) {
    const { held } = await writeStockBatch(tx, {
      holds: holds.map(({ item: { command, actor } }) => ({
        id: command.reservationId,
        orderId: command.orderId,
        region: command.region,
        ttlSeconds: command.ttlSeconds,
        createdBy: `${actor.kind}:${actor.name}`,
      })),
      lines: holds.flatMap((h) =>
        h.lines.map((l) => ({ ...l, reservationId: h.item.command.reservationId })),
      ),
      deltas: StockLedger.net(holds.flatMap((h) => h.changes)),
      audit,
      events,
    });
    if (held !== holds.length) {
      // Another transaction inserted one of these ids after we looked: run the batch again,
      // which then answers those commands as replays.
      throw new RerunBatch(`${holds.length - held} reservation ids were taken meanwhile`);
    }
  }

  const outcomes: Outcome<ReserveAnswer>[] = [];
  const results: ReserveResult[] = [];
  for (const d of decisions) {
    if (d.kind === 'answer') {
      outcomes.push(d.outcome);
      results.push(d.result);
    } else if (d.kind === 'duplicate') {
      outcomes.push(succeeded({ created: false, reservation: views.get(d.of)! }));
      results.push('duplicate');
    } else {
      const reservation = views.get(d.hold.item.command.reservationId)!;
      outcomes.push(succeeded({ created: true, reservation }));
      results.push('held');
    }
  }
  return { outcomes, results, lowEvents };
}

/**
 * One batch of commits inside its transaction: locks the reservation rows (id order), reads
 * their lines, locks the stock rows of the holds that end (global order), decides each
 * command in arrival order and writes all changes in one statement.
 */
async function commitBatch(
  tx: PoolClient,
  batch: readonly Queued<string>[],
): Promise<Outcome<CommitDecision>[]> {
  const ids = [...new Set(batch.map((q) => q.command))];
  const locked = await reservationsWithLines(tx, ids, { lock: true });
  const linesById = new Map([...locked].map(([id, l]) => [id, l.lines]));

  const current = new Map([...locked].map(([id, l]) => [id, l.reservation]));
  const ending: {
    item: Queued<string>;
    reservation: Reservation;
    status: EndedReservation['status'];
  }[] = [];
  const decided = batch.map((item) => {
    const id = item.command;
    const reservation = current.get(id);
    if (!reservation) return { kind: 'missing' as const };
    if (reservation.status === 'COMMITTED') return { kind: 'already' as const, id, reservation };
    if (reservation.status !== 'HELD') {
      return { kind: 'not-held' as const, status: reservation.status };
    }
    // Past its deadline the sweeper has not reached it yet; the deadline counts, so it
    // expires right here and the commit is refused.
    const status = reservation.pastExpiry ? ('EXPIRED' as const) : ('COMMITTED' as const);
    current.set(id, { ...reservation, status, pastExpiry: false });
    ending.push({ item, reservation, status });
    return status === 'EXPIRED' ? { kind: 'expired' as const } : { kind: 'committed' as const, id };
  });

  const ended = new Map<string, Reservation>();
  if (ending.length > 0) {
    const keys = new Map(
      ending
        .flatMap((e) => linesById.get(e.reservation.id) ?? [])
        .map((l) => [rowKey(l.sku, l.warehouseId), { sku: l.sku, warehouseId: l.warehouseId }]),
    );
    const ledger = new StockLedger(await lockStockRows(tx, [...keys.values()]));
    const audit: AuditEntry[] = [];
    const events: { event: NewEvent; requestId: string | null }[] = [];
    const changes: StockChange[] = [];
    for (const { item, reservation, status } of ending) {
      const lines = linesById.get(reservation.id) ?? [];
      const expired = status === 'EXPIRED';
      for (const line of lines) {
        const stock = ledger.apply({
          sku: line.sku,
          warehouseId: line.warehouseId,
          onHandDelta: expired ? 0 : -line.quantity,
          reservedDelta: -line.quantity,
        });
        changes.push(stock);
        audit.push({
          stock,
          change: expired ? 'expire' : 'commit',
          actor: expired ? SWEEPER_ACTOR : item.actor,
          reason: expired
            ? `expired hold for order ${reservation.orderId}`
            : `shipped for order ${reservation.orderId}`,
          reservationId: reservation.id,
          requestId: item.requestId,
        });
      }
      const view = reservationView({ ...reservation, status }, lines);
      events.push({
        event: expired
          ? reservationEvent('stock.released', view, { reason: 'expired' })
          : reservationEvent('stock.committed', view),
        requestId: item.requestId,
      });
    }
    const { ended: rows } = await writeStockBatch(tx, {
      deltas: StockLedger.net(changes),
      audit,
      events,
      ends: ending.map(({ reservation, status }) => ({
        id: reservation.id,
        status,
        reason: status === 'EXPIRED' ? 'expired' : 'committed',
      })),
    });
    for (const r of rows) ended.set(r.id, r);
  }

  const viewOf = (id: string, reservation: Reservation) =>
    reservationView(ended.get(id) ?? reservation, linesById.get(id) ?? []);
  return decided.map((d) => {
    switch (d.kind) {
      case 'committed':
        return succeeded({ kind: 'committed', view: viewOf(d.id, current.get(d.id)!) });
      case 'already':
        return succeeded({ kind: 'already', view: viewOf(d.id, d.reservation) });
      default:
        return succeeded(d);
    }
  });
}
