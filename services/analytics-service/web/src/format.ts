/** Display helpers (pure). */
export const percent = (share: number | null): string =>
  share === null ? '–' : `${(share * 100).toFixed(1)}%`;

export const count = (n: number): string => n.toLocaleString('en-US');

export const minuteLabel = (iso: string): string => iso.slice(11, 16);

export const STATUS_LABELS: Record<string, string> = {
  LABEL_CREATED: 'Label created',
  PICKED_UP: 'Picked up',
  IN_TRANSIT: 'In transit',
  OUT_FOR_DELIVERY: 'Out for delivery',
  DELIVERED: 'Delivered',
  EXCEPTION: 'Delayed',
  CANCELLED: 'Cancelled',
};

export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? status;

/** Shipments not yet at a final status. */
export function inFlight(byStatus: Record<string, number>): number {
  return Object.entries(byStatus)
    .filter(([status]) => status !== 'DELIVERED' && status !== 'CANCELLED')
    .reduce((sum, [, n]) => sum + n, 0);
}

/** What to tell an operator about a failed call. */
export function failureText(status: number | undefined, code?: string, message?: string): string {
  if (status === undefined) return 'The analytics service cannot be reached; retrying.';
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'This account may not see supply analytics (operators only).';
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (status === 503 || status === 504 || status === 502) {
    return 'The service is unavailable right now; try again in a moment.';
  }
  if (status >= 400 && status < 500) return message ?? `Request refused (${code ?? status}).`;
  return 'Something went wrong on the server; try again.';
}
