import { AppError, type Logger, type Region } from '@globalretail/service-kit';
import type { Request, Response } from 'express';
import type { AnalyticsMetrics } from '../metrics';

export interface StreamFilter {
  region?: Region;
  periodHours?: number;
}

interface Client {
  res: Response;
  key: string;
  filter: StreamFilter;
}

export interface SummaryStreamOptions {
  /** The summary a dashboard with this filter shows. */
  compute: (filter: StreamFilter) => Promise<unknown>;
  logger: Logger;
  metrics: AnalyticsMetrics;
  /** At most one push per this many ms, however many events arrive. */
  minIntervalMs: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** A fresh summary this often even without events (time windows move on). */
  refreshMs: number;
  maxClients: number;
  /** True once the process is shutting down: open streams are ended so it can. */
  isDraining: () => boolean;
}

/** What the browser waits before reconnecting a dropped stream. */
export const RETRY_MS = 3000;
/** A client this far behind (unsent bytes) is too slow to keep. */
const MAX_BUFFERED_BYTES = 1_000_000;

const keyOf = (f: StreamFilter) => `${f.region ?? '*'}|${f.periodHours ?? '*'}`;

/**
 * Server-sent events for the dashboards: every connected client gets the summary for its
 * filter when it connects, then again whenever events changed the figures (throttled to one
 * push per `minIntervalMs`, computed once per distinct filter, not once per client), plus
 * heartbeats. Changes are signalled by {@link SummaryStream.changed}: by this replica's own
 * event consumer and by PostgreSQL notifications from whichever replica consumed the event.
 */
export class SummaryStream {
  private readonly clients = new Set<Client>();
  private readonly timers: NodeJS.Timeout[];
  private pending: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private lastFlushAt = 0;
  private sequence = 0;
  private closed = false;

  constructor(private readonly options: SummaryStreamOptions) {
    this.timers = [
      setInterval(() => this.heartbeat(), options.heartbeatMs),
      setInterval(() => this.changed(), options.refreshMs),
      setInterval(() => {
        if (options.isDraining()) this.endAll();
      }, 250),
    ];
    for (const timer of this.timers) timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  open(req: Request, res: Response, filter: StreamFilter): void {
    if (this.closed || this.options.isDraining()) {
      throw new AppError(503, 'SHUTTING_DOWN', 'this instance is shutting down; reconnect');
    }
    if (this.clients.size >= this.options.maxClients) {
      throw new AppError(503, 'TOO_MANY_STREAMS', 'too many live dashboards; try again later');
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    // NGINX (the ingress) would otherwise buffer the stream and deliver it in lumps.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);
    const client: Client = { res, key: keyOf(filter), filter };
    this.clients.add(client);
    this.options.metrics.streamClients.set(this.clients.size);
    req.on('close', () => {
      this.clients.delete(client);
      this.options.metrics.streamClients.set(this.clients.size);
    });
    void this.send([client]);
  }

  /** Figures may have changed: push soon, at most once per `minIntervalMs`. */
  changed(): void {
    if (this.closed || this.clients.size === 0 || this.pending) return;
    const wait = Math.max(0, this.lastFlushAt + this.options.minIntervalMs - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastFlushAt = Date.now();
      this.flushing = this.send([...this.clients]).finally(() => {
        this.flushing = undefined;
      });
    }, wait);
  }

  private async send(clients: Client[]): Promise<void> {
    const groups = new Map<string, Client[]>();
    for (const c of clients) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
    await Promise.all(
      [...groups.values()].map(async (group) => {
        let frame: string;
        try {
          const summary = await this.options.compute(group[0]!.filter);
          frame = `id: ${++this.sequence}\nevent: summary\ndata: ${JSON.stringify(summary)}\n\n`;
        } catch (err) {
          this.options.logger.warn({ err }, 'live summary failed; the next change retries');
          frame = `event: problem\ndata: ${JSON.stringify({ message: 'summary unavailable' })}\n\n`;
        }
        for (const client of group) {
          if (this.write(client, frame)) this.options.metrics.streamPushes.inc();
        }
      }),
    );
  }

  private write(client: Client, frame: string): boolean {
    const { res } = client;
    if (res.writableEnded || res.destroyed || !this.clients.has(client)) return false;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      this.clients.delete(client);
      res.destroy();
      return false;
    }
    res.write(frame);
    return true;
  }

  private heartbeat(): void {
    const frame = `: heartbeat ${new Date().toISOString()}\n\n`;
    for (const client of this.clients) this.write(client, frame);
  }

  private endAll(): void {
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    this.options.metrics.streamClients.set(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.pending) clearTimeout(this.pending);
    this.endAll();
    await this.flushing;
  }
}
