import type { Logger } from 'pino';
import type { Lifecycle } from './app';
import { runWithRequestId } from './request-context';

/**
 * Periodic background work (sweepers, recovery, clocks): runs `tick` every `intervalMs`,
 * never overlapping itself, logs failures without dying, and stops with the process.
 * Each tick runs under its own request id so its log lines and outgoing calls correlate.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = true;
  private ticks = 0;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule(0);
    return this;
  }

  private schedule(delay: number) {
    this.timer = setTimeout(() => {
      this.current = this.runOnce().finally(() => {
        this.current = undefined;
        if (!this.stopped) this.schedule(this.intervalMs);
      });
    }, delay);
  }

  /** Runs one tick now (tests call this to avoid waiting for the timer). */
  async runOnce(): Promise<void> {
    try {
      await runWithRequestId(`${this.name}-${++this.ticks}`, this.tick);
    } catch (err) {
      this.logger.warn({ err, loop: this.name }, 'background tick failed');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  /** Starts the loop and stops it at shutdown. */
  static run(lifecycle: Lifecycle, loop: BackgroundLoop): BackgroundLoop {
    lifecycle.onShutdown(loop.name, () => loop.stop());
    return loop.start();
  }
}
