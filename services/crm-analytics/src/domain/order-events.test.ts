import type { DeliveredEvent } from '@globalretail/service-kit';
import { parseEvent } from './order-events';

const orderId = '7f000000-0000-4000-8000-000000000001';
const customerId = 'c0000000-0000-4000-8000-000000000001';
const lines = [{ sku: 'GR-1001', productName: 'Shirt', quantity: 2, unitPriceCents: 3999 }];

const delivered = (
  type: string,
  payload: Record<string, unknown>,
  occurredAt = '2025-03-01T10:00:00.500Z',
): DeliveredEvent => ({
  eventId: '9e000000-0000-4000-8000-000000000001',
  source: 'crm-api',
  sequence: 1,
  type,
  aggregateType: 'order',
  aggregateId: orderId,
  payload,
  occurredAt,
});

const base = { orderId, customerId, region: 'us-east-1', totalCents: 7998, currency: 'USD' };

describe('parseEvent', () => {
  it("reads order.placed, taking the payload's placedAt over occurredAt", () => {
    const parsed = parseEvent(
      delivered('order.placed', { ...base, lines, placedAt: '2025-03-01T10:00:00.000Z' }),
    );
    expect(parsed).toMatchObject({
      kind: 'order',
      status: 'PENDING',
      placedAt: new Date('2025-03-01T10:00:00.000Z'),
      at: new Date('2025-03-01T10:00:00.000Z'),
      lines,
    });
  });

  it('falls back to occurredAt when the payload has no time', () => {
    expect(parseEvent(delivered('order.placed', { ...base, lines }))).toMatchObject({
      placedAt: new Date('2025-03-01T10:00:00.500Z'),
    });
    expect(parseEvent(delivered('order.confirmed', base))).toMatchObject({
      status: 'CONFIRMED',
      at: new Date('2025-03-01T10:00:00.500Z'),
      placedAt: undefined,
      lines: undefined,
    });
  });

  it('reads endings with their own times and failure reason', () => {
    expect(
      parseEvent(
        delivered('order.failed', {
          ...base,
          status: 'FAILED',
          failureReason: 'Not enough stock',
          failedAt: '2025-03-01T10:00:03.000Z',
          placedAt: '2025-03-01T10:00:00.000Z',
        }),
      ),
    ).toMatchObject({
      status: 'FAILED',
      at: new Date('2025-03-01T10:00:03.000Z'),
      failureReason: 'Not enough stock',
    });
  });

  it('reads customer.registered', () => {
    expect(
      parseEvent(
        delivered('customer.registered', { customerId, region: 'eu-west-1', role: 'customer' }),
      ),
    ).toEqual({
      kind: 'customer',
      eventId: '9e000000-0000-4000-8000-000000000001',
      customerId,
      region: 'eu-west-1',
      role: 'customer',
      registeredAt: new Date('2025-03-01T10:00:00.500Z'),
    });
  });

  it('ignores other event types', () => {
    expect(parseEvent(delivered('supply-order.confirmed', {})).kind).toBe('ignored');
  });

  it.each([
    ['a negative total', 'order.placed', { ...base, lines, totalCents: -1 }],
    ['fractional cents', 'order.placed', { ...base, lines, totalCents: 10.5 }],
    ['no lines', 'order.placed', { ...base, lines: [] }],
    ['an unknown region', 'order.confirmed', { ...base, region: 'mars' }],
    ['a bad order id', 'order.confirmed', { ...base, orderId: 'x' }],
    ['a bad time', 'order.placed', { ...base, lines, placedAt: 'yesterday' }],
  ])('calls %s malformed', (_name, type, payload) => {
    expect(parseEvent(delivered(type, payload)).kind).toBe('malformed');
  });

  it('calls a bad occurredAt malformed', () => {
    expect(parseEvent(delivered('order.placed', { ...base, lines }, 'soon')).kind).toBe(
      'malformed',
    );
  });
});
