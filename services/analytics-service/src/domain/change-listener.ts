import { isReadOnly, type Logger, type Pool, type PoolClient } from '@globalretail/service-kit';
import { CHANGE_CHANNEL } from './types';

/**
 * Holds one connection that LISTENs for the notifications every event transaction sends, so
 * a replica whose dashboards are connected refreshes them even when another replica consumed
 * the event (the relay posts each batch to one of them). A broken connection is dropped;
 * {@link ChangeListener.ensure}, run by a loop, connects again and signals a change to catch
 * up with anything missed meanwhile.
 */
export class ChangeListener {
  private client: PoolClient | undefined;
  private release: ((err?: Error) => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: { pool: Pool; onChange: () => void; logger: Logger }) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  async ensure(): Promise<void> {
    if (this.client || this.stopped) return;
    // A standby database refuses LISTEN, and consumes no events to hear about anyway.
    if (await isReadOnly(this.deps.pool)) return;
    const client = await this.deps.pool.connect();
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      if (this.client === client) {
        this.client = undefined;
        this.release = undefined;
      }
      client.release(err);
    };
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL) this.deps.onChange();
    });
    client.on('error', (err) => {
      this.deps.logger.warn({ err }, 'change listener connection failed; will reconnect');
      release(err);
    });
    try {
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      release(err as Error);
      throw err;
    }
    if (this.stopped) return release();
    this.client = client;
    this.release = release;
    this.deps.onChange();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    const release = this.release;
    if (!client || !release) return;
    await client.query(`UNLISTEN ${CHANGE_CHANNEL}`).catch(() => undefined);
    release();
  }
}
