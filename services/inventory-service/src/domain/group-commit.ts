/** What a batch decided for one of its commands: a value, or an error for that command only. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export const succeeded = <R>(value: R): Outcome<R> => ({ ok: true, value });
export const failed = <R>(error: unknown): Outcome<R> => ({ ok: false, error });

interface Waiting<C, R> {
  command: C;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: commands queue up and are run in batches by `runBatch`, at most one batch at a
 * time. While a batch runs, new commands wait and form the next one; when nothing runs, a
 * command starts a batch right away (on the next turn of the event loop, so commands that
 * arrived together go together, but with no timer). A batch takes at most `maxBatch` commands.
 *
 * `runBatch` answers each command with its own outcome, in the order given. If it throws,
 * every command of that batch fails with that error.
 */
export class GroupCommit<C, R> {
  private queue: Waiting<C, R>[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly runBatch: (commands: readonly C[]) => Promise<Outcome<R>[]>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) {
      throw new Error(`maxBatch must be a positive whole number, got ${maxBatch}`);
    }
  }

  submit(command: C): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.schedule();
    });
  }

  /** Commands waiting for a batch (not counting the one running). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves once every command submitted so far has been answered. */
  async drain(): Promise<void> {
    while (this.running || this.scheduled || this.queue.length > 0) {
      if (this.running) await this.running;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.running = this.settle(batch).finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async settle(batch: Waiting<C, R>[]): Promise<void> {
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.runBatch(batch.map((w) => w.command));
      if (outcomes.length !== batch.length) {
        throw new Error(`batch answered ${outcomes.length} of ${batch.length} commands`);
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}
