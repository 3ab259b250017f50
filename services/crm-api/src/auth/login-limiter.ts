interface Window {
  failures: number;
  startedAt: number;
}

export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Bounds memory under a spray of distinct emails; the oldest windows are forgotten first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Brute-force brake for sign-in: after `maxFailures` failed attempts for one email from one
 * client address, further attempts are refused until the window that started with the first
 * failure ends. In memory and per process: enough to make online guessing impractical.
 */
export class LoginLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfterSeconds(key: string): number {
    const window = this.current(key);
    if (!window || window.failures < this.options.maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.options.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const window = this.current(key);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(key, { failures: 1, startedAt: this.now() });
  }

  recordSuccess(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.startedAt >= this.options.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
