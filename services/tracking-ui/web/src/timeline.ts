/** One scan on the carrier's timeline, as GET /api/tracking/:trackingNumber answers it. */
export interface TrackingEvent {
  status: string;
  description: string;
  location: string;
  occurredAt: string;
}

export interface TrackingView {
  trackingNumber: string;
  status: string;
  carrier: string;
  serviceLevel: string;
  estimatedDeliveryAt: string;
  origin: { region: string; city: string; country: string };
  destination: { city: string; country: string };
  events: TrackingEvent[];
}

const timeOf = (e: TrackingEvent) => {
  const t = Date.parse(e.occurredAt);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/**
 * The timeline newest first, the way a parcel page reads. Sorted by time rather than trusted
 * in the order received; events at the same instant keep the server's order (which is the
 * order they happened), reversed along with the rest.
 */
export function timelineNewestFirst(events: readonly TrackingEvent[]): TrackingEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => timeOf(b.event) - timeOf(a.event) || b.index - a.index)
    .map(({ event }) => event);
}
