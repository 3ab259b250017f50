/**
 * What the page says when the tracking API refuses or fails. `retry` tells the poller
 * whether asking again may help (a 4xx about the number never will).
 */
export interface FailureMessage {
  title: string;
  message: string;
  retry: boolean;
}

export function failureMessage(
  status: number | undefined,
  code: string | undefined,
  trackingNumber: string,
): FailureMessage {
  if (status === 400 && code === 'INVALID_TRACKING_NUMBER') {
    return {
      title: 'Not a valid tracking number',
      message: `"${trackingNumber}" is not a valid tracking number. Please check it against your receipt.`,
      retry: false,
    };
  }
  if (status === 404) {
    return {
      title: 'No shipment found',
      message: `We could not find a shipment with tracking number ${trackingNumber}. Numbers appear a few moments after an order is confirmed; check it and try again.`,
      retry: false,
    };
  }
  if (status === 429) {
    return {
      title: 'Too many requests',
      message: 'Too many requests just now. We will try again in a moment.',
      retry: true,
    };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return {
      title: 'Request refused',
      message: `The tracking service refused the request (${code ?? status}).`,
      retry: false,
    };
  }
  return {
    title: 'Service unavailable',
    message: 'The tracking service is unavailable right now; try again in a moment.',
    retry: true,
  };
}

/** Delay before the next poll: steady while all is well, backing off while it fails. */
export function nextPollDelay(baseMs: number, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return baseMs;
  return Math.min(30_000, baseMs * 2 ** Math.min(consecutiveFailures, 4));
}
