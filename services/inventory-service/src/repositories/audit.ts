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
