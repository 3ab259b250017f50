import { randomUUID } from 'node:crypto';
import { AppError, UpstreamError, type Logger, type NewEvent } from '@globalretail/service-kit';
import type { InventoryClient, LogisticsClient } from '../clients';
import type { StepUpdate, SupplyOrderRepository } from '../repositories/supply-orders';
import type { PlannedShipment, SagaFailure, SagaStep, SupplyOrder } from './types';

/**
 * Test-only fault injection: a hook that throws {@link SimulatedCrash} stops the saga on
 * the spot, exactly as a killed process would (nothing more is written, the lease stays).
 */
export interface SagaHooks {
  /** Called with the step about to run (its state is already persisted). */
  beforeStep?(order: SupplyOrder, step: SagaStep): void | Promise<void>;
  /** Called after a step's remote call succeeded and before its result is persisted. */
  afterCall?(order: SupplyOrder, step: SagaStep): void | Promise<void>;
}

export class SimulatedCrash extends Error {
  constructor(step: string) {
    super(`simulated crash at ${step}`);
    this.name = 'SimulatedCrash';
  }
}

export interface SagaRunnerDeps {
  repository: SupplyOrderRepository;
  inventory: InventoryClient;
  logistics: LogisticsClient;
  logger: Logger;
  /** This process's lease owner name. */
  instanceId: string;
  leaseMs: number;
  /** Forward steps give up (and compensate) after this many transient failures. */
  maxAttempts: number;
  retryBaseMs: number;
  reservationTtlSeconds: number;
  hooks?: SagaHooks;
  onFinished?: (order: SupplyOrder) => void;
}

const isTransient = (err: unknown) =>
  err instanceof AppError && !(err instanceof UpstreamError) && err.status >= 500;

function failureFrom(err: UpstreamError, fallbackCode: string): SagaFailure {
  return {
    code: err.code || fallbackCode,
    reason: `${err.upstream}: ${err.message}`,
    details: err.details,
  };
}

/**
 * Drives one supply order through the saga:
 *   RESERVE_STOCK -> CREATE_SHIPMENTS -> COMMIT_RESERVATION -> CONFIRMED
 * and on a definite failure compensates in reverse:
 *   CANCEL_SHIPMENTS -> RELEASE_RESERVATION -> FAILED.
 * The next step is persisted before it runs and every remote call is idempotent (ids are
 * chosen and stored before the call), so running a step twice after a crash is harmless.
 * A transient failure (upstream down, timeout) keeps the step and schedules a retry.
 */
export class SagaRunner {
  constructor(private readonly deps: SagaRunnerDeps) {}

  async run(start: SupplyOrder): Promise<SupplyOrder> {
    const { repository, logger, hooks } = this.deps;
    let order = start;
    while (order.status === 'PENDING') {
      const step = order.sagaStep;
      await hooks?.beforeStep?.(order, step);
      let next: SupplyOrder | undefined;
      try {
        next = await this.runStep(order);
      } catch (err) {
        if (err instanceof SimulatedCrash) throw err;
        if (!isTransient(err)) throw err;
        const compensating = step === 'CANCEL_SHIPMENTS' || step === 'RELEASE_RESERVATION';
        if (!compensating && order.attempts + 1 >= this.deps.maxAttempts) {
          next = await this.compensate(order, {
            code: 'UPSTREAM_UNAVAILABLE',
            reason: `gave up after ${order.attempts + 1} attempts: ${(err as Error).message}`,
          });
        } else {
          // Compensation never gives up: stock held by a failed order must come back.
          const delay = Math.min(30_000, this.deps.retryBaseMs * 2 ** Math.min(order.attempts, 6));
          logger.warn(
            { err, supplyOrderId: order.id, step, retryInMs: delay },
            'saga step failed; will retry',
          );
          return (
            (await repository.scheduleRetry(order.id, this.deps.instanceId, delay, {
              step,
              detail: { error: (err as Error).message },
            })) ?? order
          );
        }
      }
      if (!next) {
        logger.warn(
          { supplyOrderId: order.id, step },
          'saga lease lost; another process drives this order',
        );
        return (await repository.findById(order.id)) ?? order;
      }
      order = next;
    }
    this.deps.onFinished?.(order);
    return order;
  }

  private persist(
    order: SupplyOrder,
    update: StepUpdate,
    outcome: string,
    detail?: unknown,
    events?: NewEvent[],
  ) {
    return this.deps.repository.advance(
      order.id,
      this.deps.instanceId,
      this.deps.leaseMs,
      update,
      { step: order.sagaStep, outcome, detail },
      events,
    );
  }

  private async runStep(order: SupplyOrder): Promise<SupplyOrder | undefined> {
    switch (order.sagaStep) {
      case 'RESERVE_STOCK':
        return this.reserveStock(order);
      case 'CREATE_SHIPMENTS':
        return this.createShipments(order);
      case 'COMMIT_RESERVATION':
        return this.commitReservation(order);
      case 'CANCEL_SHIPMENTS':
        return this.cancelShipments(order);
      case 'RELEASE_RESERVATION':
        return this.releaseReservation(order);
      case 'DONE':
        return order;
    }
  }

  private async reserveStock(order: SupplyOrder) {
    try {
      const reservation = await this.deps.inventory.reserve({
        reservationId: order.reservationId,
        orderId: order.id,
        region: order.region,
        lines: order.lines,
        ttlSeconds: this.deps.reservationTtlSeconds,
      });
      await this.deps.hooks?.afterCall?.(order, 'RESERVE_STOCK');
      // Shipment ids are chosen now and persisted with the step, before any shipment call.
      const shipments: PlannedShipment[] = reservation.allocations.map((a) => ({
        shipmentId: randomUUID(),
        warehouseId: a.warehouseId,
        region: a.region,
        lines: a.lines,
      }));
      return this.persist(
        order,
        {
          sagaStep: 'CREATE_SHIPMENTS',
          allocations: reservation.allocations,
          shipments,
          resetAttempts: true,
        },
        'ok',
        { allocations: reservation.allocations },
      );
    } catch (err) {
      if (err instanceof UpstreamError)
        return this.compensate(order, failureFrom(err, 'RESERVATION_FAILED'));
      throw err;
    }
  }

  private async createShipments(order: SupplyOrder) {
    let current = order;
    for (const planned of order.shipments) {
      if (planned.trackingNumber) continue;
      try {
        const shipment = await this.deps.logistics.createShipment({
          shipmentId: planned.shipmentId,
          orderId: order.id,
          originWarehouseId: planned.warehouseId,
          originRegion: planned.region,
          destination: order.shipTo,
          items: planned.lines,
          serviceLevel: order.serviceLevel,
        });
        await this.deps.hooks?.afterCall?.(current, 'CREATE_SHIPMENTS');
        const shipments = current.shipments.map((s) =>
          s.shipmentId === planned.shipmentId
            ? {
                ...s,
                trackingNumber: shipment.trackingNumber,
                carrier: shipment.carrier,
                estimatedDeliveryAt: shipment.estimatedDeliveryAt,
              }
            : s,
        );
        const saved = await this.persist(
          current,
          { sagaStep: 'CREATE_SHIPMENTS', shipments, resetAttempts: true },
          'shipment-created',
          {
            shipmentId: planned.shipmentId,
            trackingNumber: shipment.trackingNumber,
          },
        );
        if (!saved) return undefined;
        current = saved;
      } catch (err) {
        if (err instanceof UpstreamError)
          return this.compensate(current, failureFrom(err, 'SHIPMENT_FAILED'));
        throw err;
      }
    }
    return this.persist(current, { sagaStep: 'COMMIT_RESERVATION', resetAttempts: true }, 'ok');
  }

  private async commitReservation(order: SupplyOrder) {
    try {
      await this.deps.inventory.commit(order.reservationId);
      await this.deps.hooks?.afterCall?.(order, 'COMMIT_RESERVATION');
    } catch (err) {
      if (err instanceof UpstreamError)
        return this.compensate(order, failureFrom(err, 'COMMIT_FAILED'));
      throw err;
    }
    const trackingNumbers = order.shipments.map((s) => s.trackingNumber);
    return this.persist(
      order,
      { sagaStep: 'DONE', status: 'CONFIRMED', resetAttempts: true },
      'confirmed',
      undefined,
      [
        {
          aggregateType: 'supply-order',
          aggregateId: order.id,
          type: 'supply-order.confirmed',
          payload: {
            orderId: order.orderId,
            supplyOrderId: order.id,
            customerId: order.customerId,
            region: order.region,
            status: 'CONFIRMED',
            lines: order.lines,
            trackingNumbers,
            shipments: order.shipments,
          },
        },
      ],
    );
  }

  /** Starts compensation from the furthest point the saga may have reached. */
  private compensate(order: SupplyOrder, failure: SagaFailure) {
    const firstUndo: SagaStep =
      order.shipments.length > 0 ? 'CANCEL_SHIPMENTS' : 'RELEASE_RESERVATION';
    this.deps.logger.info({ supplyOrderId: order.id, failure }, 'saga failed; compensating');
    return this.persist(
      order,
      { sagaStep: firstUndo, failure, resetAttempts: true },
      'failed',
      failure,
    );
  }

  private async cancelShipments(order: SupplyOrder) {
    const notCancelled: string[] = [];
    for (const planned of order.shipments) {
      try {
        // Also for shipments never confirmed: the cancel leaves a tombstone so a late
        // create with that id is refused.
        await this.deps.logistics.cancelShipment(planned.shipmentId);
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        notCancelled.push(planned.shipmentId);
        this.deps.logger.error(
          { err, shipmentId: planned.shipmentId },
          'shipment could not be cancelled',
        );
      }
    }
    await this.deps.hooks?.afterCall?.(order, 'CANCEL_SHIPMENTS');
    return this.persist(
      order,
      { sagaStep: 'RELEASE_RESERVATION', resetAttempts: true },
      'ok',
      notCancelled.length ? { notCancelled } : undefined,
    );
  }

  private async releaseReservation(order: SupplyOrder) {
    let detail: unknown;
    try {
      await this.deps.inventory.release(order.reservationId);
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      detail = { releaseRefused: err.code };
      this.deps.logger.error(
        { err, reservationId: order.reservationId },
        'reservation could not be released',
      );
    }
    await this.deps.hooks?.afterCall?.(order, 'RELEASE_RESERVATION');
    return this.persist(
      order,
      { sagaStep: 'DONE', status: 'FAILED', resetAttempts: true },
      'compensated',
      detail,
      [
        {
          aggregateType: 'supply-order',
          aggregateId: order.id,
          type: 'supply-order.failed',
          payload: {
            orderId: order.orderId,
            supplyOrderId: order.id,
            customerId: order.customerId,
            region: order.region,
            status: 'FAILED',
            lines: order.lines,
            failureCode: order.failureCode,
            failureReason: order.failureReason,
            failureDetails: order.failureDetails ?? null,
          },
        },
      ],
    );
  }
}
