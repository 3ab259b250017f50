/**
 * The page's pure logic (web/src), run here under Node: tracking-number checks (and that they
 * agree with logistics-service's own parser), status labels, timeline order, ETA wording,
 * URL parsing and error messages.
 */
import { randomBytes } from 'node:crypto';
import { parseTrackingNumber } from '@globalretail/logistics-service';
import { etaText, relativeTo } from '../web/src/eta';
import { failureMessage, nextPollDelay } from '../web/src/messages';
import { pathForTrackingNumber, trackingNumberFromLocation } from '../web/src/route';
import {
  SHIPMENT_STATUSES,
  isFinalStatus,
  progressOf,
  statusLabel,
  statusTone,
} from '../web/src/status';
import { timelineNewestFirst, type TrackingEvent } from '../web/src/timeline';
import {
  CROCKFORD_ALPHABET,
  checkTrackingNumber,
  normalizeTrackingNumber,
  problemMessage,
} from '../web/src/tracking-number';

/** A valid number, found with the server's parser only (so the test does not reuse ours). */
function serverValidNumber(): string {
  const body = [...randomBytes(16)].map((b) => CROCKFORD_ALPHABET[b % 32]).join('');
  for (const check of CROCKFORD_ALPHABET) {
    const candidate = `GR${body}${check}`;
    if (parseTrackingNumber(candidate) === candidate) return candidate;
  }
  throw new Error('no check character made the number valid');
}

describe('tracking number format (client side)', () => {
  const samples = Array.from({ length: 200 }, serverValidNumber);

  it('accepts every number the server accepts, in canonical form', () => {
    for (const n of samples) expect(checkTrackingNumber(n)).toEqual({ ok: true, value: n });
  });

  it('is forgiving the same way as the server: case, spaces, dashes, O/I/L', () => {
    for (const n of samples.slice(0, 50)) {
      const sloppy = [
        n.toLowerCase(),
        ` ${n.slice(0, 2)} ${n.slice(2, 6)}-${n.slice(6, 10)} ${n.slice(10)} `,
        n.replace(/0/g, 'O').replace(/1/g, 'l'),
        `gr-${n.slice(2).toLowerCase().replace(/1/g, 'I')}`,
      ];
      for (const input of sloppy) {
        expect(normalizeTrackingNumber(input)).toBe(n);
        expect(parseTrackingNumber(input)).toBe(n);
      }
    }
  });

  it('agrees with the server on every single-character typo of real numbers', () => {
    for (const n of samples.slice(0, 20)) {
      for (let i = 2; i < n.length; i++) {
        for (const c of CROCKFORD_ALPHABET) {
          const typo = n.slice(0, i) + c + n.slice(i + 1);
          expect(normalizeTrackingNumber(typo)).toBe(parseTrackingNumber(typo));
        }
      }
    }
  });

  it('agrees with the server on random junk', () => {
    const junk = [
      '',
      ' ',
      'GR',
      'gr',
      'XX1234567890ABCDEFG',
      'GRU234567890ABCDEFGH',
      'GR1234',
      `GR${'0'.repeat(40)}`,
      'x'.repeat(65),
      'GR<script>alert(1)</script>',
      ...Array.from({ length: 300 }, () => randomBytes(12).toString('base64')),
    ];
    for (const input of junk) {
      expect(normalizeTrackingNumber(input)).toBe(parseTrackingNumber(input));
    }
  });

  it('says what is wrong', () => {
    const valid = samples[0]!;
    const typo = valid.slice(0, 10) + (valid[10] === '7' ? '8' : '7') + valid.slice(11);
    expect(checkTrackingNumber('  ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkTrackingNumber('XY1234')).toEqual({ ok: false, problem: 'prefix' });
    expect(checkTrackingNumber('GR12U4')).toEqual({ ok: false, problem: 'characters' });
    expect(checkTrackingNumber('GR1234')).toEqual({ ok: false, problem: 'length' });
    expect(checkTrackingNumber(valid + '0')).toEqual({ ok: false, problem: 'length' });
    expect(checkTrackingNumber(typo)).toEqual({ ok: false, problem: 'check-character' });
    expect(checkTrackingNumber('G'.repeat(65))).toEqual({ ok: false, problem: 'too-long' });
    expect(problemMessage('length')).toMatch(/19 characters/);
    expect(problemMessage('check-character')).toMatch(/typo/);
  });
});

describe('status labels', () => {
  it('has a readable label for every status and never shows a raw code', () => {
    for (const status of SHIPMENT_STATUSES) {
      expect(statusLabel(status)).not.toMatch(/_|^[A-Z]+$/);
    }
    expect(statusLabel('OUT_FOR_DELIVERY')).toBe('Out for delivery');
    expect(statusLabel('EXCEPTION')).toBe('Delayed');
    expect(statusLabel('RETURNED_TO_SENDER')).toBe('Returned to sender');
    expect(statusLabel('')).toBe('Unknown');
  });

  it('knows which statuses are final (polling stops there)', () => {
    expect(SHIPMENT_STATUSES.filter(isFinalStatus)).toEqual(['DELIVERED', 'CANCELLED']);
  });

  it('places a delay on the in-transit step of the progress bar', () => {
    expect(progressOf('LABEL_CREATED')).toEqual({ step: 1, of: 5, label: 'Label created' });
    expect(progressOf('EXCEPTION')).toEqual({ step: 3, of: 5, label: 'Delayed' });
    expect(progressOf('DELIVERED')?.step).toBe(5);
    expect(progressOf('CANCELLED')).toBeUndefined();
    expect(statusTone('DELIVERED')).toBe('good');
    expect(statusTone('EXCEPTION')).toBe('warning');
  });
});

describe('timeline order', () => {
  const at = (minutes: number) => new Date(Date.UTC(2030, 2, 1, 8, minutes)).toISOString();
  const event = (status: string, minutes: number): TrackingEvent => ({
    status,
    description: status,
    location: 'Somewhere',
    occurredAt: at(minutes),
  });

  it('shows the newest event first, whatever order the events came in', () => {
    const events = [
      event('IN_TRANSIT', 20),
      event('LABEL_CREATED', 0),
      event('OUT_FOR_DELIVERY', 30),
      event('PICKED_UP', 10),
    ];
    expect(timelineNewestFirst(events).map((e) => e.status)).toEqual([
      'OUT_FOR_DELIVERY',
      'IN_TRANSIT',
      'PICKED_UP',
      'LABEL_CREATED',
    ]);
    expect(events[0]!.status).toBe('IN_TRANSIT'); // the input is left alone
  });

  it('keeps events of the same instant in reverse server order, unreadable times last', () => {
    const events = [
      event('LABEL_CREATED', 0),
      event('EXCEPTION', 20),
      event('IN_TRANSIT', 20),
      { ...event('MYSTERY', 0), occurredAt: 'not a date' },
    ];
    expect(timelineNewestFirst(events).map((e) => e.status)).toEqual([
      'IN_TRANSIT',
      'EXCEPTION',
      'LABEL_CREATED',
      'MYSTERY',
    ]);
  });
});

describe('ETA text', () => {
  const now = new Date('2030-03-01T08:00:00.000Z'); // a Friday
  const utc = { timeZone: 'UTC', locale: 'en-US' };
  const view = (status: string, eta: string, events: TrackingEvent[] = []) => ({
    status,
    estimatedDeliveryAt: eta,
    events,
  });

  it('gives the estimate with how far away it is', () => {
    const text = etaText(view('IN_TRANSIT', '2030-03-01T08:03:00.000Z'), now, utc);
    expect(text.label).toBe('Estimated delivery');
    expect(text.when).toMatch(/^Fri, Mar 1, 8:03\sAM$/u);
    expect(text.relative).toBe('in about 3 minutes');
    expect(text.text).toMatch(
      /^Estimated delivery: Fri, Mar 1, 8:03\sAM \(in about 3 minutes\)\.$/u,
    );
  });

  it('words the distance in minutes, hours or days, and "any moment now" when due', () => {
    const t = now.getTime();
    expect(relativeTo(t + 61_000, t)).toBe('in about 1 minute');
    expect(relativeTo(t + 5 * 3_600_000, t)).toBe('in about 5 hours');
    expect(relativeTo(t + 3 * 86_400_000, t)).toBe('in about 3 days');
    expect(relativeTo(t + 30_000, t)).toBe('any moment now');
    expect(relativeTo(t - 600_000, t)).toBe('any moment now');
  });

  it('calls a moved estimate new while delayed', () => {
    const text = etaText(view('EXCEPTION', '2030-03-02T08:00:00.000Z'), now, utc);
    expect(text.label).toBe('New estimated delivery');
    expect(text.relative).toBe('in about 24 hours');
  });

  it('says when it was delivered, from the DELIVERED scan', () => {
    const text = etaText(
      view('DELIVERED', '2030-03-01T09:00:00.000Z', [
        {
          status: 'OUT_FOR_DELIVERY',
          description: '',
          location: '',
          occurredAt: now.toISOString(),
        },
        {
          status: 'DELIVERED',
          description: 'Delivered',
          location: 'Boston, US',
          occurredAt: '2030-03-01T08:45:00.000Z',
        },
      ]),
      now,
      utc,
    );
    expect(text.label).toBe('Delivered');
    expect(text.text).toMatch(/^Delivered Fri, Mar 1, 8:45\sAM\.$/u);
    expect(text.relative).toBeUndefined();
  });

  it('has no estimate for a cancelled shipment, and copes with a missing one', () => {
    expect(etaText(view('CANCELLED', '2030-03-01T09:00:00.000Z'), now, utc)).toEqual({
      label: 'Cancelled',
      text: 'Cancelled: this shipment will not be delivered.',
    });
    expect(etaText(view('PICKED_UP', 'soon'), now, utc).text).toBe(
      'Estimated delivery: not known yet.',
    );
  });
});

describe('URLs', () => {
  it('reads the number from a deep link or from ?n=', () => {
    expect(trackingNumberFromLocation('/track', '')).toBeUndefined();
    expect(trackingNumberFromLocation('/track/', '')).toBeUndefined();
    expect(trackingNumberFromLocation('/track', '?n=')).toBeUndefined();
    expect(trackingNumberFromLocation('/track/GR123', '')).toBe('GR123');
    expect(trackingNumberFromLocation('/track/GR123/', '?n=other')).toBe('GR123');
    expect(trackingNumberFromLocation('/track/gr%20fg52-m9', '')).toBe('gr fg52-m9');
    expect(trackingNumberFromLocation('/track/%E0%A4%A', '')).toBe('%E0%A4%A');
    expect(trackingNumberFromLocation('/track', '?n=gr+fg52')).toBe('gr fg52');
    expect(trackingNumberFromLocation('/tracker/GR123', '')).toBeUndefined();
  });

  it('links to the canonical number', () => {
    expect(pathForTrackingNumber('GRFG52M9CYT7KYZX0DC')).toBe('/track/GRFG52M9CYT7KYZX0DC');
  });
});

describe('failure messages and polling back-off', () => {
  it('explains refusals and stops asking', () => {
    const invalid = failureMessage(400, 'INVALID_TRACKING_NUMBER', 'GR1');
    expect(invalid).toMatchObject({ title: 'Not a valid tracking number', retry: false });
    const unknown = failureMessage(404, 'NOT_FOUND', 'GRFG52M9CYT7KYZX0DC');
    expect(unknown.title).toBe('No shipment found');
    expect(unknown.message).toContain('GRFG52M9CYT7KYZX0DC');
    expect(unknown.retry).toBe(false);
  });

  it('treats outages as temporary', () => {
    for (const status of [undefined, 500, 502, 503, 504, 429]) {
      expect(failureMessage(status, undefined, 'GR1').retry).toBe(true);
    }
    expect(failureMessage(503, 'UPSTREAM_UNAVAILABLE', 'GR1').title).toBe('Service unavailable');
  });

  it('backs off while failing, up to 30 s', () => {
    expect(nextPollDelay(2500, 0)).toBe(2500);
    expect(nextPollDelay(2500, 1)).toBe(5000);
    expect(nextPollDelay(2500, 2)).toBe(10_000);
    expect(nextPollDelay(2500, 10)).toBe(30_000);
  });
});
