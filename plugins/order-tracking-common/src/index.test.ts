import { classifyOrderQuery, isOrderId } from './index';

describe('classifyOrderQuery', () => {
  it('recognises order ids, emails and tracking numbers as typed', () => {
    expect(classifyOrderQuery(' 6F1B7C9E-0000-4000-8000-000000000000 ')).toEqual({
      kind: 'orderId',
      value: '6f1b7c9e-0000-4000-8000-000000000000',
    });
    expect(classifyOrderQuery('Ava@GlobalRetail.example')).toEqual({
      kind: 'customerEmail',
      value: 'ava@globalretail.example',
    });
    expect(classifyOrderQuery('grt1-abcd efgh')).toEqual({
      kind: 'trackingNumber',
      value: 'GRT1ABCDEFGH',
    });
  });

  it('refuses what is none of them', () => {
    expect(classifyOrderQuery('')).toBeUndefined();
    expect(classifyOrderQuery('abc')).toBeUndefined();
    expect(classifyOrderQuery('drop table orders;')).toBeUndefined();
  });
});

describe('isOrderId', () => {
  it('accepts UUIDs only, not any 36 characters of hex digits and dashes', () => {
    expect(isOrderId('6f1b7c9e-0000-4000-8000-000000000000')).toBe(true);
    expect(isOrderId('-'.repeat(36))).toBe(false);
    expect(isOrderId('6f1b7c9e0000-4000-8000-0000000000000')).toBe(false);
  });
});
