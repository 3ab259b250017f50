import { LoginLimiter } from './login-limiter';

describe('LoginLimiter', () => {
  let now = 0;
  const limiter = () =>
    new LoginLimiter({ maxFailures: 3, windowMs: 60_000, maxEntries: 2, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows attempts until the failures reach the limit, then says how long to wait', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterSeconds('a|ip')).toBe(0);
      l.recordFailure('a|ip');
      now += 1000;
    }
    expect(l.retryAfterSeconds('a|ip')).toBe(57);
    expect(l.retryAfterSeconds('b|ip')).toBe(0);
  });

  it('lets attempts through again when the window ends', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('a|ip');
    now += 60_000;
    expect(l.retryAfterSeconds('a|ip')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const l = limiter();
    l.recordFailure('a|ip');
    l.recordFailure('a|ip');
    l.recordSuccess('a|ip');
    l.recordFailure('a|ip');
    l.recordFailure('a|ip');
    expect(l.retryAfterSeconds('a|ip')).toBe(0);
  });

  it('keeps a bounded number of windows, dropping the oldest', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('first');
    l.recordFailure('second');
    l.recordFailure('third');
    expect(l.retryAfterSeconds('first')).toBe(0);
  });
});
