import { addDays, daysInRange, salesQuerySchema, rankedQuerySchema } from './sales-filters';

const rules = {
  maxRangeDays: 366,
  defaultRangeDays: 30,
  defaultCurrency: 'USD',
  today: () => '2025-03-15',
};
const schema = salesQuerySchema(rules);

describe('day arithmetic', () => {
  it('adds days across month ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('counts both ends of a range', () => {
    expect(daysInRange('2025-03-01', '2025-03-01')).toBe(1);
    expect(daysInRange('2024-01-01', '2024-12-31')).toBe(366);
  });
});

describe('salesQuerySchema', () => {
  it('defaults to the 30 days ending today, all regions, the default currency', () => {
    expect(schema.parse({})).toEqual({
      filters: { from: '2025-02-14', to: '2025-03-15', region: null, currency: 'USD' },
    });
    expect(schema.parse({ to: '2025-01-30' }).filters.from).toBe('2025-01-01');
  });

  it('takes explicit filters as given', () => {
    expect(
      schema.parse({ from: '2025-03-01', to: '2025-03-01', region: 'eu-west-1', currency: 'EUR' }),
    ).toEqual({
      filters: { from: '2025-03-01', to: '2025-03-01', region: 'eu-west-1', currency: 'EUR' },
    });
  });

  it.each([
    [{ from: '2025-03-16' }, 'from'],
    [{ from: '2025-03-02', to: '2025-03-01' }, 'from'],
    [{ from: '2024-01-01', to: '2025-01-01' }, 'from'],
    [{ from: '2025-02-29' }, 'from'],
    [{ to: '03/01/2025' }, 'to'],
    [{ region: 'ap-south-1' }, 'region'],
    [{ currency: 'usd' }, 'currency'],
    [{ limit: '5' }, ''],
  ])('refuses %j', (query, field) => {
    const result = schema.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('accepts exactly the maximum range', () => {
    expect(schema.safeParse({ from: '2024-01-01', to: '2024-12-31' }).success).toBe(true);
  });
});

describe('rankedQuerySchema', () => {
  const ranked = rankedQuerySchema(rules, 10);
  it('adds a limit of 1 to 100, 10 by default', () => {
    expect(ranked.parse({}).limit).toBe(10);
    expect(ranked.parse({ limit: '3' }).limit).toBe(3);
    for (const limit of ['0', '101', '1.5', 'x', '']) {
      expect(ranked.safeParse({ limit }).success).toBe(false);
    }
  });
});
