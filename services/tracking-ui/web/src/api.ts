import type { TrackingView } from './timeline';

export type TrackingResult =
  { kind: 'ok'; view: TrackingView } | { kind: 'error'; status?: number; code?: string };

const REQUEST_TIMEOUT_MS = 8000;

/**
 * One look at the public tracking endpoint through the gateway (same origin). Network
 * failures and timeouts come back as an error without a status, like a 503: worth retrying.
 */
export async function fetchTracking(
  trackingNumber: string,
  signal: AbortSignal,
): Promise<TrackingResult> {
  let res: Response;
  try {
    res = await fetch(`/api/tracking/${encodeURIComponent(trackingNumber)}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  } catch (err) {
    if (signal.aborted) throw err;
    return { kind: 'error' };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok && body && typeof body === 'object') return { kind: 'ok', view: body as TrackingView };
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return {
    kind: 'error',
    status: res.ok ? 502 : res.status,
    code: typeof code === 'string' ? code : undefined,
  };
}
