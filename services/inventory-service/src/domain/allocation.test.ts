import { allocate, type AllocationInput } from './allocation';

const US = { id: 'wh-us-east-1', region: 'us-east-1' as const };
const EU = { id: 'wh-eu-west-1', region: 'eu-west-1' as const };

/** `stock` is sku -> warehouse id -> available units. */
function input(
  region: AllocationInput['region'],
  lines: AllocationInput['lines'],
  stock: Record<string, Record<string, number>>,
  warehouses: AllocationInput['warehouses'] = [US, EU],
): AllocationInput {
  return {
    region,
    lines,
    warehouses,
    available: new Map(Object.entries(stock).map(([sku, m]) => [sku, new Map(Object.entries(m))])),
  };
}

describe('allocate', () => {
  it("takes the customer's region when its warehouse can fill the whole order", () => {
    const result = allocate(
      input(
        'eu-west-1',
        [
          { sku: 'A-1', quantity: 5 },
          { sku: 'B-1', quantity: 2 },
        ],
        {
          'A-1': { 'wh-us-east-1': 500, 'wh-eu-west-1': 5 },
          'B-1': { 'wh-us-east-1': 500, 'wh-eu-west-1': 2 },
        },
      ),
    );
    expect(result).toEqual({
      ok: true,
      strategy: 'home-region',
      allocations: [
        {
          warehouseId: 'wh-eu-west-1',
          region: 'eu-west-1',
          lines: [
            { sku: 'A-1', quantity: 5 },
            { sku: 'B-1', quantity: 2 },
          ],
        },
      ],
    });
  });

  it('ships the whole order from one other warehouse rather than splitting it', () => {
    const result = allocate(
      input(
        'eu-west-1',
        [
          { sku: 'A-1', quantity: 5 },
          { sku: 'B-1', quantity: 2 },
        ],
        {
          // Dublin has all of A-1 but none of B-1; Columbus has both.
          'A-1': { 'wh-us-east-1': 6, 'wh-eu-west-1': 100 },
          'B-1': { 'wh-us-east-1': 2 },
        },
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      strategy: 'single-warehouse',
      allocations: [{ warehouseId: 'wh-us-east-1', region: 'us-east-1' }],
    });
  });

  it('prefers, among several single warehouses outside the region, the one with most left over', () => {
    const west = { id: 'wh-us-west-2', region: 'us-east-1' as const };
    const result = allocate(
      input(
        'eu-west-1',
        [{ sku: 'A-1', quantity: 3 }],
        { 'A-1': { 'wh-us-east-1': 4, 'wh-us-west-2': 40, 'wh-eu-west-1': 1 } },
        [US, EU, west],
      ),
    );
    expect(result).toMatchObject({
      strategy: 'single-warehouse',
      allocations: [{ warehouseId: 'wh-us-west-2' }],
    });
  });

  it('splits by line across the fewest warehouses when no single one can fill the order', () => {
    const result = allocate(
      input(
        'us-east-1',
        [
          { sku: 'A-1', quantity: 3 },
          { sku: 'B-1', quantity: 4 },
        ],
        {
          'A-1': { 'wh-us-east-1': 10 },
          'B-1': { 'wh-eu-west-1': 10 },
        },
      ),
    );
    expect(result).toEqual({
      ok: true,
      strategy: 'split',
      allocations: [
        { warehouseId: 'wh-eu-west-1', region: 'eu-west-1', lines: [{ sku: 'B-1', quantity: 4 }] },
        { warehouseId: 'wh-us-east-1', region: 'us-east-1', lines: [{ sku: 'A-1', quantity: 3 }] },
      ],
    });
  });

  it('splits one line between warehouses only when none can fill it alone', () => {
    const result = allocate(
      input(
        'us-east-1',
        [
          { sku: 'A-1', quantity: 8 },
          { sku: 'B-1', quantity: 2 },
        ],
        {
          'A-1': { 'wh-us-east-1': 5, 'wh-eu-west-1': 5 },
          'B-1': { 'wh-us-east-1': 2, 'wh-eu-west-1': 9 },
        },
      ),
    );
    if (!result.ok) throw new Error('expected an allocation');
    expect(result.strategy).toBe('split');
    // B-1 fits whole in the home warehouse, so it is not split; A-1 must be.
    expect(result.allocations).toEqual([
      { warehouseId: 'wh-eu-west-1', region: 'eu-west-1', lines: [{ sku: 'A-1', quantity: 3 }] },
      {
        warehouseId: 'wh-us-east-1',
        region: 'us-east-1',
        lines: [
          { sku: 'A-1', quantity: 5 },
          { sku: 'B-1', quantity: 2 },
        ],
      },
    ]);
  });

  it('chooses two warehouses over three when two are enough', () => {
    const warehouses = [
      { id: 'wh-a', region: 'us-east-1' as const },
      { id: 'wh-b', region: 'us-east-1' as const },
      { id: 'wh-c', region: 'eu-west-1' as const },
    ];
    const result = allocate(
      input(
        'us-east-1',
        [
          { sku: 'A-1', quantity: 2 },
          { sku: 'B-1', quantity: 2 },
          { sku: 'C-1', quantity: 2 },
        ],
        {
          'A-1': { 'wh-a': 2, 'wh-c': 2 },
          'B-1': { 'wh-b': 2, 'wh-c': 2 },
          'C-1': { 'wh-a': 2, 'wh-c': 0 },
        },
        warehouses,
      ),
    );
    if (!result.ok) throw new Error('expected an allocation');
    // {wh-a, wh-b} and {wh-a, wh-c} both cover the order with two shipments; the pair entirely
    // in the customer's region wins. No three-warehouse answer is considered.
    expect(result.allocations.map((a) => a.warehouseId)).toEqual(['wh-a', 'wh-b']);
  });

  it('is deterministic whatever the order warehouses are given in', () => {
    const lines = [
      { sku: 'A-1', quantity: 7 },
      { sku: 'B-1', quantity: 1 },
    ];
    const stock = {
      'A-1': { 'wh-us-east-1': 4, 'wh-eu-west-1': 4 },
      'B-1': { 'wh-us-east-1': 1, 'wh-eu-west-1': 1 },
    };
    expect(allocate(input('eu-west-1', lines, stock, [US, EU]))).toEqual(
      allocate(input('eu-west-1', lines, stock, [EU, US])),
    );
  });

  it('refuses with the per-SKU shortfall when all warehouses together are short', () => {
    const result = allocate(
      input(
        'us-east-1',
        [
          { sku: 'A-1', quantity: 3 },
          { sku: 'B-1', quantity: 11 },
          { sku: 'C-1', quantity: 1 },
        ],
        {
          'A-1': { 'wh-us-east-1': 2, 'wh-eu-west-1': 5 },
          'B-1': { 'wh-us-east-1': 4, 'wh-eu-west-1': 6 },
        },
      ),
    );
    expect(result).toEqual({
      ok: false,
      shortages: [
        { sku: 'B-1', requested: 11, available: 10 },
        { sku: 'C-1', requested: 1, available: 0 },
      ],
    });
  });

  it('never allocates more than is available or less than requested', () => {
    // A small property check over pseudo-random stock: every result either covers each line
    // exactly from stock that exists, or names a real shortage.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const warehouses = [US, EU, { id: 'wh-x', region: 'us-east-1' as const }];
    for (let i = 0; i < 300; i++) {
      const lines = ['A-1', 'B-1', 'C-1']
        .slice(0, 1 + rand(3))
        .map((sku) => ({ sku, quantity: 1 + rand(8) }));
      const stock: Record<string, Record<string, number>> = {};
      for (const line of lines)
        stock[line.sku] = Object.fromEntries(warehouses.map((w) => [w.id, rand(6)]));
      const region = rand(2) === 0 ? 'us-east-1' : 'eu-west-1';
      const result = allocate(input(region, lines, stock, warehouses));
      const totals = (sku: string) => Object.values(stock[sku]!).reduce((a, b) => a + b, 0);
      if (!result.ok) {
        expect(result.shortages.length).toBeGreaterThan(0);
        for (const s of result.shortages) expect(totals(s.sku)).toBeLessThan(s.requested);
        continue;
      }
      for (const line of lines) {
        const pieces = result.allocations.flatMap((a) =>
          a.lines.filter((l) => l.sku === line.sku).map((l) => ({ ...l, wh: a.warehouseId })),
        );
        expect(pieces.reduce((s, p) => s + p.quantity, 0)).toBe(line.quantity);
        for (const p of pieces) expect(p.quantity).toBeLessThanOrEqual(stock[line.sku]![p.wh]!);
      }
    }
  });
});
