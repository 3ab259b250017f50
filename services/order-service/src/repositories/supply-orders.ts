import {
  outboxEventsParam,
  outboxInsertSql,
  type NewEvent,
  type Pool,
  type Queryable,
} from '@globalretail/service-kit';
import type { NewSupplyOrder, SagaStep, SupplyOrder, SupplyOrderStatus } from '../domain/types';

interface Row {
  id: string;
  order_id: string;
  customer_id: string;
  region: SupplyOrder['region'];
  lines: SupplyOrder['lines'];
  ship_to: SupplyOrder['shipTo'];
  service_level: SupplyOrder['serviceLevel'];
  status: SupplyOrderStatus;
  saga_step: SagaStep;
  reservation_id: string;
  allocations: SupplyOrder['allocations'];
  shipments: SupplyOrder['shipments'];
  failure_code: string | null;
  failure_reason: string | null;
  failure_details: unknown;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

const toOrder = (r: Row): SupplyOrder => ({
  id: r.id,
  orderId: r.order_id,
  customerId: r.customer_id,
  region: r.region,
  lines: r.lines,
  shipTo: r.ship_to,
  serviceLevel: r.service_level,
  status: r.status,
  sagaStep: r.saga_step,
  reservationId: r.reservation_id,
  allocations: r.allocations,
  shipments: r.shipments,
  failureCode: r.failure_code,
  failureReason: r.failure_reason,
  failureDetails: r.failure_details,
  attempts: r.attempts,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** What a saga step persists: the next step and whatever it learned. */
export interface StepUpdate {
  sagaStep: SagaStep;
  status?: SupplyOrderStatus;
  allocations?: SupplyOrder['allocations'];
  shipments?: SupplyOrder['shipments'];
  failure?: { code: string; reason: string; details?: unknown };
  /** Reset the retry counter (a step succeeded). */
  resetAttempts?: boolean;
}

export class SupplyOrderRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Records a new saga and leases it to `owner`. Answers `created: false` with the existing
   * row when this crm order already has one (a retried or concurrent hand-off).
   */
  async create(
    input: NewSupplyOrder,
    lease: { owner: string; ms: number },
  ): Promise<{ order: SupplyOrder; created: boolean }> {
    const inserted = await this.pool.query<Row>(
      `WITH created AS (
         INSERT INTO orders.supply_orders
           (id, order_id, customer_id, region, lines, ship_to, service_level, reservation_id, lease_owner, lease_until)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, now() + make_interval(secs => $10::double precision / 1000))
         ON CONFLICT (order_id) DO NOTHING
         RETURNING *
       ), logged AS (
         INSERT INTO orders.saga_log (supply_order_id, step, outcome, detail)
         SELECT id, 'CREATED', 'ok', jsonb_build_object('orderId', order_id) FROM created
       )
       SELECT * FROM created`,
      [
        input.id,
        input.orderId,
        input.customerId,
        input.region,
        JSON.stringify(input.lines),
        JSON.stringify(input.shipTo),
        input.serviceLevel,
        input.reservationId,
        lease.owner,
        lease.ms,
      ],
    );
    if (inserted.rows[0]) {
      return { order: toOrder(inserted.rows[0]), created: true };
    }
    const existing = await this.findByOrderId(input.orderId);
    if (!existing) throw new Error(`supply order for ${input.orderId} vanished`);
    return { order: existing, created: false };
  }

  async findById(id: string): Promise<SupplyOrder | undefined> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM orders.supply_orders WHERE id = $1',
      [id],
    );
    return rows[0] && toOrder(rows[0]);
  }

  async findByOrderId(orderId: string): Promise<SupplyOrder | undefined> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM orders.supply_orders WHERE order_id = $1',
      [orderId],
    );
    return rows[0] && toOrder(rows[0]);
  }

  async listByCustomer(customerId: string, limit: number): Promise<SupplyOrder[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM orders.supply_orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2',
      [customerId, limit],
    );
    return rows.map(toOrder);
  }

  async sagaLog(
    id: string,
  ): Promise<{ step: string; outcome: string; detail: unknown; at: string }[]> {
    const { rows } = await this.pool.query<{
      step: string;
      outcome: string;
      detail: unknown;
      at: Date;
    }>(
      'SELECT step, outcome, detail, at FROM orders.saga_log WHERE supply_order_id = $1 ORDER BY id',
      [id],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  /**
   * Persists the saga's next step, only while `owner` still holds the lease (another process
   * may have taken over an expired one). Events are written in the same transaction.
   * Returns the updated order, or undefined when the lease was lost.
   */
  async advance(
    id: string,
    owner: string,
    leaseMs: number,
    update: StepUpdate,
    log: { step: string; outcome: string; detail?: unknown },
    events: NewEvent[] = [],
  ): Promise<SupplyOrder | undefined> {
    // One statement: the step, its log line and its events commit together, in a single
    // round trip (a saga persists before every step, so this is the hot path).
    const { rows } = await this.pool.query<Row>(
      `WITH updated AS (
         UPDATE orders.supply_orders SET
           saga_step = $3,
           status = COALESCE($4, status),
           allocations = COALESCE($5::jsonb, allocations),
           shipments = COALESCE($6::jsonb, shipments),
           failure_code = COALESCE($7, failure_code),
           failure_reason = COALESCE($8, failure_reason),
           failure_details = COALESCE($9::jsonb, failure_details),
           attempts = CASE WHEN $10 THEN 0 ELSE attempts END,
           next_attempt_at = now(),
           lease_until = CASE WHEN $3 = 'DONE' THEN NULL
                              ELSE now() + make_interval(secs => $11::double precision / 1000) END,
           lease_owner = CASE WHEN $3 = 'DONE' THEN NULL ELSE lease_owner END,
           updated_at = now()
         WHERE id = $1 AND lease_owner = $2 AND status = 'PENDING'
         RETURNING *
       ), logged AS (
         INSERT INTO orders.saga_log (supply_order_id, step, outcome, detail)
         SELECT id, $12, $13, $14::jsonb FROM updated
       ), events AS (
         ${outboxInsertSql('orders', 15, 'updated')}
       )
       SELECT * FROM updated`,
      [
        id,
        owner,
        update.sagaStep,
        update.status ?? null,
        update.allocations === undefined ? null : JSON.stringify(update.allocations),
        update.shipments === undefined ? null : JSON.stringify(update.shipments),
        update.failure?.code ?? null,
        update.failure?.reason ?? null,
        update.failure?.details === undefined ? null : JSON.stringify(update.failure.details),
        update.resetAttempts ?? false,
        leaseMs,
        log.step,
        log.outcome,
        log.detail === undefined ? null : JSON.stringify(log.detail),
        outboxEventsParam(events),
      ],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** A transient failure: keep the step, try again after a backoff, keep the lease short. */
  async scheduleRetry(
    id: string,
    owner: string,
    delayMs: number,
    log: { step: string; detail?: unknown },
  ): Promise<SupplyOrder | undefined> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE orders.supply_orders SET
         attempts = attempts + 1,
         next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
         lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND status = 'PENDING'
       RETURNING *`,
      [id, owner, delayMs],
    );
    if (rows[0]) await this.log(this.pool, id, log.step, 'retry', log.detail);
    return rows[0] && toOrder(rows[0]);
  }

  /**
   * Leases up to `limit` unfinished sagas that nobody drives (no lease, or an expired one)
   * and whose retry time has come. SKIP LOCKED lets several instances share the work.
   */
  async leaseDue(owner: string, leaseMs: number, limit: number): Promise<SupplyOrder[]> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE orders.supply_orders SET lease_owner = $1,
         lease_until = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id IN (
         SELECT id FROM orders.supply_orders
          WHERE status = 'PENDING' AND next_attempt_at <= now()
            AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, leaseMs, limit],
    );
    return rows.map(toOrder);
  }

  private async log(db: Queryable, id: string, step: string, outcome: string, detail?: unknown) {
    await db.query(
      'INSERT INTO orders.saga_log (supply_order_id, step, outcome, detail) VALUES ($1, $2, $3, $4::jsonb)',
      [id, step, outcome, detail === undefined ? null : JSON.stringify(detail)],
    );
  }
}
