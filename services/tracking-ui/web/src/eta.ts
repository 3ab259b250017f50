import type { TrackingView } from './timeline';

export interface EtaText {
  /** Short heading: "Estimated delivery", "Delivered", ... */
  label: string;
  /** The date and time, formatted; absent when there is none to show. */
  when?: string;
  /** How far away, in words ("in about 3 minutes"); only while still on the way. */
  relative?: string;
  /** The whole sentence, for screen readers and plain text. */
  text: string;
}

export interface EtaOptions {
  locale?: string;
  /** IANA time zone; the browser's own when absent (tests pin one). */
  timeZone?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatWhen(iso: string, options: EtaOptions = {}): string | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(options.locale ?? 'en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: options.timeZone,
  }).format(date);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * Time until the estimate, in words. The simulated carrier clock runs a day per minute, so
 * minutes matter as much as days. A parcel due now or a little late reads "any moment now":
 * the next scan is what moves it.
 */
export function relativeTo(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs;
  if (diff <= MINUTE) return 'any moment now';
  if (diff < HOUR) return `in about ${plural(Math.round(diff / MINUTE), 'minute')}`;
  if (diff < 2 * DAY) return `in about ${plural(Math.round(diff / HOUR), 'hour')}`;
  return `in about ${plural(Math.round(diff / DAY), 'day')}`;
}

/** What the page says about delivery for a shipment in any status. */
export function etaText(
  view: Pick<TrackingView, 'status' | 'estimatedDeliveryAt' | 'events'>,
  now: Date,
  options: EtaOptions = {},
): EtaText {
  if (view.status === 'CANCELLED') {
    return {
      label: 'Cancelled',
      text: 'Cancelled: this shipment will not be delivered.',
    };
  }
  if (view.status === 'DELIVERED') {
    const delivered = [...view.events].reverse().find((e) => e.status === 'DELIVERED');
    const when = formatWhen(delivered?.occurredAt ?? view.estimatedDeliveryAt, options);
    return { label: 'Delivered', when, text: when ? `Delivered ${when}.` : 'Delivered.' };
  }
  const label = view.status === 'EXCEPTION' ? 'New estimated delivery' : 'Estimated delivery';
  const when = formatWhen(view.estimatedDeliveryAt, options);
  if (!when) return { label, text: `${label}: not known yet.` };
  const relative = relativeTo(new Date(view.estimatedDeliveryAt).getTime(), now.getTime());
  return { label, when, relative, text: `${label}: ${when} (${relative}).` };
}
