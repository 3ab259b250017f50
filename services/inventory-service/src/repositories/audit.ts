import { currentRequestId, type Queryable } from '@globalretail/service-kit';
import type { Actor, StockChange } from '../domain/types';

export type AuditedChange = 'adjust' | 'reserve' | 'commit' | 'release' | 'expire';

export const AUDIT_INSERT_COLUMNS = `sku, warehouse_id, old_on_hand, new_on_hand, old_reserved,
  new_reserved, change, actor_kind, actor, actor_id, reason, reservation_id, request_id`;

export interface AuditEntry {
  stock: StockChange;
  change: AuditedChange;
  actor: Actor;
  reason: string;
  reservationId?: string;
  /** The request the change was made under; the current request's id when absent. */
  requestId?: string | null;
}

/**
 * Appends one audit row per stock change, each tagged with its entry's request id (the
 * current request's id for entries that do not name one).
 */
export async function recordStockChanges(
  db: Queryable,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO inventory.stock_audit (${AUDIT_INSERT_COLUMNS}) SELECT * FROM ${auditUnnest(1)}`,
    auditColumns(entries),
  );
}

const AUDIT_TYPES = [
  'text',
  'text',
  'int',
  'int',
  'int',
  'int',
  'text',
  'text',
  'text',
  'text',
  'text',
  'uuid',
  'text',
];

/** `unnest(...)` over the {@link auditColumns} arrays passed as parameters `$first`.. */
export function auditUnnest(first: number): string {
  return `unnest(${AUDIT_TYPES.map((t, i) => `$${first + i}::${t}[]`).join(', ')})`;
}

/** The 13 unnest arrays of {@link AUDIT_INSERT_COLUMNS}, in that order. */
export function auditColumns(entries: readonly AuditEntry[]): unknown[] {
  const column = <T>(f: (e: AuditEntry) => T) => entries.map(f);
  const current = currentRequestId() ?? null;
  return [
    column((e) => e.stock.sku),
    column((e) => e.stock.warehouseId),
    column((e) => e.stock.oldOnHand),
    column((e) => e.stock.newOnHand),
    column((e) => e.stock.oldReserved),
    column((e) => e.stock.newReserved),
    column((e) => e.change),
    column((e) => e.actor.kind),
    column((e) => e.actor.name),
    column((e) => e.actor.id ?? null),
    column((e) => e.reason),
    column((e) => e.reservationId ?? null),
    column((e) => (e.requestId === undefined ? current : e.requestId)),
  ];
}

export interface StockHistoryEntry {
  id: number;
  sku: string;
  warehouseId: string;
  change: AuditedChange;
  oldOnHand: number;
  newOnHand: number;
  oldReserved: number | null;
  newReserved: number | null;
  actorKind: Actor['kind'];
  actor: string;
  actorId: string | null;
  reason: string;
  reservationId: string | null;
  at: string;
}

/** The audit trail of one product, newest first; `changes` narrows it (e.g. to adjustments). */
export async function stockHistory(
  db: Queryable,
  sku: string,
  options: { limit: number; changes?: readonly AuditedChange[] },
): Promise<StockHistoryEntry[]> {
  const { rows } = await db.query<{
    id: string;
    sku: string;
    warehouse_id: string;
    change: AuditedChange;
    old_on_hand: number;
    new_on_hand: number;
    old_reserved: number | null;
    new_reserved: number | null;
    actor_kind: Actor['kind'];
    actor: string;
    actor_id: string | null;
    reason: string;
    reservation_id: string | null;
    at: Date;
  }>(
    `SELECT * FROM inventory.stock_audit
      WHERE sku = $1 AND ($2::text[] IS NULL OR change = ANY ($2))
      ORDER BY id DESC LIMIT $3`,
    [sku, options.changes ?? null, options.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sku: r.sku,
    warehouseId: r.warehouse_id,
    change: r.change,
    oldOnHand: r.old_on_hand,
    newOnHand: r.new_on_hand,
    oldReserved: r.old_reserved,
    newReserved: r.new_reserved,
    actorKind: r.actor_kind,
    actor: r.actor,
    actorId: r.actor_id,
    reason: r.reason,
    reservationId: r.reservation_id,
    at: r.at.toISOString(),
  }));
}
