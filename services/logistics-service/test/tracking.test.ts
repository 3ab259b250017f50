import { checkCharacter, generateTrackingNumber } from '../src/domain/tracking-number';
import { call, FakeClock, shipmentBody, startHarness, type Harness } from './helpers';

const clock = new FakeClock();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ overrides: { now: clock.now, random: () => 0.99 } });
});
afterAll(() => h.stop());

describe('GET /tracking/:trackingNumber (public)', () => {
  const privateOrder = 'order-PRIVATE-7731';
  const body = shipmentBody({
    orderId: privateOrder,
    destination: {
      name: 'Zelda Quarterhouse',
      line1: '99 Confidential Lane',
      line2: 'Flat 7',
      city: 'Toronto',
      postalCode: 'M5V 2T6',
      country: 'CA',
    },
    items: [{ sku: 'SECRET-SKU-42', quantity: 3 }],
  });
  let created: { id: string; trackingNumber: string; estimatedDeliveryAt: string };

  beforeAll(async () => {
    created = (await call(h.url, 'POST', '/shipments', { body })).body;
    clock.advance(24 * 3_600_000);
    await h.handles.clockLoop.runOnce();
    await h.handles.clockLoop.runOnce();
  });

  it('shows status, carrier, ETA, origin, destination city and the timeline, newest last', async () => {
    const res = await call(h.url, 'GET', `/tracking/${created.trackingNumber}`, { auth: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      trackingNumber: created.trackingNumber,
      status: 'IN_TRANSIT',
      carrier: 'FedEx',
      serviceLevel: 'express',
      estimatedDeliveryAt: created.estimatedDeliveryAt,
      origin: { region: 'us-east-1', city: 'Secaucus, NJ', country: 'US' },
      destination: { city: 'Toronto', country: 'CA' },
      events: [
        expect.objectContaining({ status: 'LABEL_CREATED', location: 'Secaucus, NJ, US' }),
        expect.objectContaining({ status: 'PICKED_UP', location: 'Secaucus, NJ, US' }),
        expect.objectContaining({ status: 'IN_TRANSIT', location: 'Memphis, TN, US' }),
      ],
    });
    const times = res.body.events.map((e: { occurredAt: string }) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('never shows the order, the shipment id, the recipient, the street, the items or the price', async () => {
    const res = await call(h.url, 'GET', `/tracking/${created.trackingNumber}`, { auth: null });
    for (const secret of [
      privateOrder,
      created.id,
      'Zelda',
      'Quarterhouse',
      'Confidential',
      'Flat 7',
      'M5V',
      'SECRET-SKU',
      'WH-US-EAST-1',
      'cost',
      'Cents',
    ]) {
      expect(res.text).not.toContain(secret);
    }
  });

  it('accepts the number as people type it', async () => {
    const tn = created.trackingNumber;
    const typed = `${tn.slice(0, 6)}-${tn.slice(6, 12)} ${tn.slice(12)}`.toLowerCase();
    const res = await call(h.url, 'GET', `/tracking/${encodeURIComponent(typed)}`, { auth: null });
    expect(res.status).toBe(200);
    expect(res.body.trackingNumber).toBe(tn);
  });

  it('answers 400 INVALID_TRACKING_NUMBER for a malformed number or a wrong check character', async () => {
    const tn = created.trackingNumber;
    const body16 = tn.slice(2, 18);
    const wrongCheck = checkCharacter(body16) === '0' ? '1' : '0';
    const typo = `${tn.slice(0, 5)}${tn[5] === 'A' ? 'B' : 'A'}${tn.slice(6)}`;
    for (const bad of [
      'GR123',
      `GR${body16}${wrongCheck}`,
      typo,
      `XX${tn.slice(2)}`,
      `${tn}Z`,
      'GRUUUUUUUUUUUUUUUUU',
      "GR'%20OR%201=1--",
      'x'.repeat(300),
    ]) {
      const res = await call(h.url, 'GET', `/tracking/${bad}`, { auth: null });
      expect({ bad, status: res.status, code: res.body?.error?.code }).toEqual({
        bad,
        status: 400,
        code: 'INVALID_TRACKING_NUMBER',
      });
    }
  });

  it('answers 404 for a well-formed number nobody was given', async () => {
    const res = await call(h.url, 'GET', `/tracking/${generateTrackingNumber()}`, { auth: null });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('shows a cancelled shipment as CANCELLED with its last event', async () => {
    const s = (await call(h.url, 'POST', '/shipments', { body: shipmentBody() })).body;
    await call(h.url, 'POST', `/shipments/${s.id}/cancel`);
    const res = await call(h.url, 'GET', `/tracking/${s.trackingNumber}`, { auth: null });
    expect(res.body.status).toBe('CANCELLED');
    expect(res.body.events.map((e: { status: string }) => e.status)).toEqual([
      'LABEL_CREATED',
      'CANCELLED',
    ]);
  });
});
