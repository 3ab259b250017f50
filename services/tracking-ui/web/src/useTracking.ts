import { useEffect, useState } from 'react';
import { fetchTracking } from './api';
import { failureMessage, nextPollDelay, type FailureMessage } from './messages';
import { isFinalStatus } from './status';
import type { TrackingView } from './timeline';

/** How often the page asks while a shipment moves (the carrier clock ticks every second). */
export const POLL_INTERVAL_MS = 2500;

export interface TrackingState {
  view?: TrackingView;
  failure?: FailureMessage;
  loading: boolean;
  /** Still asking for updates (stops at a final status or a refusal). */
  live: boolean;
  lastUpdated?: Date;
}

/**
 * Polls GET /api/tracking/:trackingNumber every few seconds until the shipment is delivered
 * or cancelled. Polling rather than server-sent events: the endpoint is public, cacheable
 * nowhere (no-store) and cheap, the gateway needs nothing special, and a phone that sleeps
 * simply resumes. A hidden tab stops asking and catches up when shown again; failures back
 * off instead of hammering a struggling service.
 */
export function useTracking(trackingNumber: string): TrackingState {
  const [state, setState] = useState<TrackingState>({ loading: true, live: true });

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let failures = 0;
    let waitingUntilVisible = false;

    const schedule = (ms: number) => {
      timer = window.setTimeout(() => void poll(), ms);
    };

    const poll = async () => {
      if (document.hidden) {
        waitingUntilVisible = true;
        return;
      }
      let result;
      try {
        result = await fetchTracking(trackingNumber, controller.signal);
      } catch {
        return; // aborted: the page moved on to another number
      }
      if (result.kind === 'ok') {
        failures = 0;
        const final = isFinalStatus(result.view.status);
        setState({ view: result.view, loading: false, live: !final, lastUpdated: new Date() });
        if (!final) schedule(POLL_INTERVAL_MS);
        return;
      }
      failures++;
      const failure = failureMessage(result.status, result.code, trackingNumber);
      setState((previous) => ({ ...previous, loading: false, failure, live: failure.retry }));
      if (failure.retry) schedule(nextPollDelay(POLL_INTERVAL_MS, failures));
    };

    const onVisibilityChange = () => {
      if (!document.hidden && waitingUntilVisible) {
        waitingUntilVisible = false;
        void poll();
      }
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [trackingNumber]);

  return state;
}
