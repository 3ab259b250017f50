import { averageOrderValueCents, conversionRate } from './sales-reports';

describe('ratios', () => {
  it('computes conversion as confirmed / placed, null when nothing was placed', () => {
    expect(conversionRate(0, 0)).toBeNull();
    expect(conversionRate(4, 3)).toBe(0.75);
    expect(conversionRate(3, 1)).toBe(1 / 3);
  });

  it('rounds the average order value half up to whole cents, null without orders', () => {
    expect(averageOrderValueCents(0, 0)).toBeNull();
    expect(averageOrderValueCents(1000, 4)).toBe(250);
    expect(averageOrderValueCents(5, 2)).toBe(3); // 2.5 -> 3
    expect(averageOrderValueCents(7, 3)).toBe(2); // 2.33 -> 2
    expect(averageOrderValueCents(8, 3)).toBe(3); // 2.67 -> 3
    expect(averageOrderValueCents(9_007_199_254_740, 7)).toBe(1_286_742_750_677);
  });
});
