import { useEffect, useState } from 'react';
import { API_BASE } from './api';
import { SseParser } from './sse';
import type { Region, SupplySummary } from './types';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamFilter {
  region: Region | '';
  periodHours: number | '';
}

/** No bytes for this long (heartbeats come every 15 s) means the connection is dead. */
const STALL_MS = 45_000;

/**
 * The live summary from GET /supply/stream. Read with fetch streaming rather than
 * EventSource, because EventSource cannot send the Authorization header and a token in the
 * URL would end up in access logs (ours, the gateway's, the ingress's) and browser history.
 * Reconnects with back-off after drops and stalls; a 401 ends the session.
 */
export function useSummaryStream(
  token: string,
  filter: StreamFilter,
  onUnauthorized: () => void,
): { summary?: SupplySummary; status: StreamStatus; failures: number } {
  const [summary, setSummary] = useState<SupplySummary>();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [failures, setFailures] = useState(0);

  useEffect(() => {
    const stopped = new AbortController();
    let timer: number | undefined;
    let attempt = 0;
    const query = new URLSearchParams();
    if (filter.region) query.set('region', filter.region);
    if (filter.periodHours) query.set('periodHours', String(filter.periodHours));
    const url = `${API_BASE}/stream${query.size ? `?${query}` : ''}`;

    const connect = async () => {
      const connection = new AbortController();
      const abort = () => connection.abort();
      stopped.signal.addEventListener('abort', abort);
      let lastByte = Date.now();
      const watchdog = window.setInterval(() => {
        if (Date.now() - lastByte > STALL_MS) connection.abort();
      }, 5000);
      const parser = new SseParser((message) => {
        if (message.event !== 'summary') return;
        setSummary(JSON.parse(message.data) as SupplySummary);
        setStatus('live');
        attempt = 0;
        setFailures(0);
      });
      try {
        const res = await fetch(url, {
          headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
          cache: 'no-store',
          signal: connection.signal,
        });
        if (res.status === 401) {
          onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          lastByte = Date.now();
          parser.feed(value);
        }
      } catch {
        // dropped, refused or stalled: reconnect below
      } finally {
        window.clearInterval(watchdog);
        stopped.signal.removeEventListener('abort', abort);
      }
      if (stopped.signal.aborted) return;
      attempt++;
      setFailures(attempt);
      setStatus('reconnecting');
      const base = parser.retryMs ?? 3000;
      timer = window.setTimeout(() => void connect(), Math.min(30_000, base * 2 ** (attempt - 1)));
    };

    setStatus('connecting');
    void connect();
    return () => {
      stopped.abort();
      window.clearTimeout(timer);
    };
  }, [token, filter.region, filter.periodHours, onUnauthorized]);

  return { summary, status, failures };
}
