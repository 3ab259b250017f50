import { AppError } from '@globalretail/service-kit';
import {
  outcomeOfSupplyError,
  outcomeOfSupplyEvent,
  outcomeOfSupplyOrder,
  skusNamedIn,
} from './supply-outcome';

const skus = ['WIDGET-1', 'GADGET-2', 'GADGET-22'];

describe('skusNamedIn', () => {
  it('takes the short lines of per-SKU details', () => {
    const details = [
      { sku: 'WIDGET-1', requested: 1, available: 5 },
      { sku: 'GADGET-2', requested: 3, available: 2 },
    ];
    expect(skusNamedIn([details], skus)).toEqual(['GADGET-2']);
  });

  it('finds SKUs in texts and as keys, whole words only', () => {
    expect(skusNamedIn(['INSUFFICIENT_STOCK: GADGET-22'], skus)).toEqual(['GADGET-22']);
    expect(skusNamedIn([{ shortages: { 'WIDGET-1': 2 } }], skus)).toEqual(['WIDGET-1']);
  });

  it('names every SKU of the order when the failure names none', () => {
    expect(skusNamedIn(['no stock'], skus)).toEqual(skus);
  });
});

describe('outcomeOfSupplyOrder', () => {
  it('reads a confirmed supply order, with tracking numbers from either field', () => {
    expect(
      outcomeOfSupplyOrder({ id: 's1', status: 'CONFIRMED', trackingNumbers: ['T1'] }, skus),
    ).toEqual({ kind: 'confirmed', supplyOrderId: 's1', trackingNumbers: ['T1'] });
    expect(
      outcomeOfSupplyOrder(
        { id: 's1', status: 'CONFIRMED', shipments: [{ trackingNumber: 'T2' }] },
        skus,
      ),
    ).toMatchObject({ trackingNumbers: ['T2'] });
  });

  it('tells stock failures from other failures', () => {
    expect(
      outcomeOfSupplyOrder(
        { id: 's1', status: 'FAILED', failureReason: 'INSUFFICIENT_STOCK for GADGET-2' },
        skus,
      ),
    ).toMatchObject({ kind: 'failed', cause: 'out-of-stock', skus: ['GADGET-2'] });
    expect(
      outcomeOfSupplyOrder({ id: 's1', status: 'FAILED', failureReason: 'no carrier' }, skus),
    ).toMatchObject({ kind: 'failed', cause: 'rejected', reason: 'no carrier' });
  });

  it("reads order-service's failure code and per-SKU details first", () => {
    expect(
      outcomeOfSupplyOrder(
        {
          id: 's1',
          status: 'FAILED',
          failureCode: 'INSUFFICIENT_STOCK',
          failureReason: 'inventory-service: not enough stock for GADGET-2, WIDGET-1',
          failureDetails: [
            { sku: 'GADGET-2', requested: 5, available: 1 },
            { sku: 'WIDGET-1', requested: 2, available: 0 },
          ],
        },
        skus,
      ),
    ).toEqual({
      kind: 'failed',
      cause: 'out-of-stock',
      supplyOrderId: 's1',
      skus: ['WIDGET-1', 'GADGET-2'],
      reason: 'Not enough stock for WIDGET-1, GADGET-2',
    });
    expect(
      outcomeOfSupplyOrder(
        { status: 'FAILED', failureCode: 'UNKNOWN_SKU', failureReason: 'x' },
        skus,
      ),
    ).toMatchObject({ cause: 'unknown-sku' });
  });

  it('leaves unfinished supply orders pending', () => {
    expect(outcomeOfSupplyOrder({ id: 's1', status: 'PENDING' }, skus)).toMatchObject({
      kind: 'pending',
      supplyOrderId: 's1',
    });
  });
});

describe('outcomeOfSupplyError', () => {
  it('reads 409 INSUFFICIENT_STOCK as out of stock', () => {
    const err = new AppError(409, 'INSUFFICIENT_STOCK', 'short', [
      { sku: 'WIDGET-1', requested: 9, available: 1 },
    ]);
    expect(outcomeOfSupplyError(err, skus)).toMatchObject({
      kind: 'failed',
      cause: 'out-of-stock',
      skus: ['WIDGET-1'],
    });
  });

  it('reads 422 UNKNOWN_SKU as unknown SKU, other refusals as rejected', () => {
    expect(
      outcomeOfSupplyError(new AppError(422, 'UNKNOWN_SKU', 'GADGET-2 unknown'), skus),
    ).toMatchObject({ cause: 'unknown-sku', skus: ['GADGET-2'] });
    expect(outcomeOfSupplyError(new AppError(400, 'VALIDATION_FAILED', 'bad'), skus)).toMatchObject(
      { kind: 'failed', cause: 'rejected' },
    );
  });

  it('keeps the order pending when order-service is away or refuses for now', () => {
    for (const err of [
      new AppError(503, 'UPSTREAM_UNAVAILABLE', 'down'),
      new AppError(504, 'UPSTREAM_TIMEOUT', 'slow'),
      new AppError(401, 'UNAUTHENTICATED', 'bad token'),
      new AppError(429, 'TOO_MANY_REQUESTS', 'slow down'),
      new Error('boom'),
    ]) {
      expect(outcomeOfSupplyError(err, skus).kind).toBe('pending');
    }
  });
});

describe('outcomeOfSupplyEvent', () => {
  it('maps confirmed and failed events', () => {
    expect(
      outcomeOfSupplyEvent(
        'supply-order.confirmed',
        { supplyOrderId: 's', trackingNumbers: ['T'] },
        skus,
      ),
    ).toEqual({ kind: 'confirmed', supplyOrderId: 's', trackingNumbers: ['T'] });
    expect(
      outcomeOfSupplyEvent(
        'supply-order.failed',
        { failureReason: 'out of stock: WIDGET-1' },
        skus,
      ),
    ).toMatchObject({ kind: 'failed', cause: 'out-of-stock', skus: ['WIDGET-1'] });
  });
});
