import { currentRequestId, type Queryable } from '@globalretail/service-kit';
import type { Actor, StockChange } from '../domain/types';

export type AuditedChange = 'adjust' | 'reserve' | 'commit' | 'release' | 'expire';

export interface AuditEntry {
  stock: StockChange;
  change: AuditedChange;
  actor: Actor;
  reason: string;
  reservationId?: string;
}

/** Appends one audit row per stock change, tagged with the current request id. */
export async function recordStockChanges(
  db: Queryable,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const column = <T>(f: (e: AuditEntry) => T) => entries.map(f);
  await db.query(
    `INSERT INTO inventory.stock_audit
       (sku, warehouse_id, old_on_hand, new_on_hand, old_reserved, new_reserved, change,
        actor_kind, actor, actor_id, reason, reservation_id, request_id)
     SELECT *, $13::text FROM unnest(
       $1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::text[], $12::uuid[])`,
    [
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
      currentRequestId() ?? null,
    ],
  );
}
