import type { OrderEvent } from './order-events';
import { applyOrderEvent, type ProjectedOrder } from './projection';

const placedAt = new Date('2025-03-01T10:00:00.000Z');
const endedAt = new Date('2025-03-01T10:00:02.000Z');

function event(overrides: Partial<OrderEvent>): OrderEvent {
  return {
    kind: 'order',
    eventId: 'e-1',
    orderId: 'o-1',
    customerId: 'c-1',
    region: 'us-east-1',
    currency: 'USD',
    totalCents: 5000,
    status: 'PENDING',
    at: placedAt,
    placedAt,
    lines: [{ sku: 'GR-1001', productName: 'Shirt', quantity: 1, unitPriceCents: 5000 }],
    failureReason: null,
    ...overrides,
  };
}
const placed = event({});
const confirmed = event({ eventId: 'e-2', status: 'CONFIRMED', at: endedAt });
const failed = event({ eventId: 'e-3', status: 'FAILED', at: endedAt, failureReason: 'no stock' });

const fold = (events: OrderEvent[]) =>
  events.reduce<{ order?: ProjectedOrder; outcomes: string[] }>(
    (acc, e) => {
      const step = applyOrderEvent(acc.order, e);
      return { order: step.order, outcomes: [...acc.outcomes, step.outcome] };
    },
    { outcomes: [] },
  );

describe('applyOrderEvent', () => {
  it('opens a PENDING order on order.placed and ends it on order.confirmed', () => {
    const { order, outcomes } = fold([placed, confirmed]);
    expect(outcomes).toEqual(['applied', 'applied']);
    expect(order).toEqual({
      orderId: 'o-1',
      customerId: 'c-1',
      region: 'us-east-1',
      currency: 'USD',
      totalCents: 5000,
      status: 'CONFIRMED',
      placedAt,
      placedEventSeen: true,
      endedAt,
      failureReason: null,
    });
  });

  it('keeps the failure reason of a failed order', () => {
    expect(fold([placed, failed]).order).toMatchObject({
      status: 'FAILED',
      failureReason: 'no stock',
      endedAt,
    });
  });

  it('never ends an order twice: the same ending again is unchanged, another one a contradiction', () => {
    const { order, outcomes } = fold([placed, confirmed, { ...confirmed, eventId: 'e-4' }, failed]);
    expect(outcomes).toEqual(['applied', 'applied', 'unchanged', 'contradiction']);
    expect(order?.status).toBe('CONFIRMED');
  });

  it('takes a second placing of the same order as nothing new', () => {
    const { order, outcomes } = fold([
      placed,
      { ...placed, eventId: 'e-9', placedAt: endedAt, at: endedAt },
    ]);
    expect(outcomes).toEqual(['applied', 'unchanged']);
    expect(order?.placedAt).toEqual(placedAt);
  });

  it('counts an ending seen first, and lets the late placing fix the placing time but not reopen it', () => {
    const bare = { ...confirmed, placedAt: undefined };
    const first = fold([bare]);
    expect(first.order).toMatchObject({
      status: 'CONFIRMED',
      placedAt: endedAt,
      placedEventSeen: false,
    });
    const { order, outcomes } = fold([bare, placed]);
    expect(outcomes).toEqual(['applied', 'applied']);
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      placedAt,
      placedEventSeen: true,
      endedAt,
    });
  });

  it("uses an early ending's placedAt when it carries one", () => {
    expect(fold([confirmed]).order).toMatchObject({ placedAt, placedEventSeen: false });
  });
});
