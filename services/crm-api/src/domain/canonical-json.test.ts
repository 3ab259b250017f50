import { requestHashOf } from './checkout';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('requestHashOf', () => {
  const request = {
    lines: [
      { sku: 'B-SKU', quantity: 1 },
      { sku: 'A-SKU', quantity: 2 },
    ],
    serviceLevel: 'standard' as const,
  };

  it('is the same for the same order written differently', () => {
    expect(
      requestHashOf({
        serviceLevel: 'standard',
        lines: [
          { quantity: 2, sku: 'A-SKU' },
          { quantity: 1, sku: 'B-SKU' },
        ],
      }),
    ).toBe(requestHashOf(request));
  });

  it('differs when anything that matters differs', () => {
    const hash = requestHashOf(request);
    expect(requestHashOf({ ...request, serviceLevel: 'express' })).not.toBe(hash);
    expect(
      requestHashOf({ ...request, lines: [{ sku: 'B-SKU', quantity: 2 }, request.lines[1]!] }),
    ).not.toBe(hash);
    expect(
      requestHashOf({
        ...request,
        shipTo: { name: 'A', line1: 'B', city: 'C', postalCode: '12345', country: 'US' },
      }),
    ).not.toBe(hash);
  });
});
