import { randomUUID } from 'node:crypto';
import { generateTrackingNumber } from '../src/domain/tracking-number';
import {
  call,
  countRows,
  europeanDestination,
  FakeClock,
  shipmentBody,
  snapshot,
  startHarness,
  type Harness,
} from './helpers';

const clock = new FakeClock();
// Tracking numbers come from this queue first, so a test can stage a collision.
const scriptedNumbers: string[] = [];
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    overrides: {
      now: clock.now,
      newTrackingNumber: () => scriptedNumbers.shift() ?? generateTrackingNumber(),
    },
  });
});
afterAll(() => h.stop());

const outboxOf = (id: string) =>
  h.db.pool
    .query('SELECT event_type, payload FROM logistics.outbox WHERE aggregate_id = $1 ORDER BY id', [
      id,
    ])
    .then((r) => r.rows);

describe('POST /shipments', () => {
  it('creates the shipment with a carrier, a tracking number, the first event and shipment.created', async () => {
    const body = shipmentBody();
    const res = await call(h.url, 'POST', '/shipments', { body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: body.shipmentId,
      orderId: body.orderId,
      trackingNumber: expect.stringMatching(/^GR[0-9A-HJKMNP-TV-Z]{17}$/),
      carrier: 'UPS',
      serviceLevel: 'express',
      status: 'LABEL_CREATED',
      originWarehouseId: 'WH-US-EAST-1',
      originRegion: 'us-east-1',
      destination: body.destination,
      items: body.items,
      // 3 units * 0.5 kg = 1.5 kg on UPS 2nd Day Air: 1950 + 260 * 1.5.
      costCents: 2340,
      currency: 'USD',
      // 2 days on a clock running 1440 times faster: 2 minutes.
      estimatedDeliveryAt: new Date(clock.current.getTime() + 120_000).toISOString(),
      createdAt: clock.current.toISOString(),
      updatedAt: clock.current.toISOString(),
    });

    const { rows: events } = await h.db.pool.query(
      'SELECT status, description, location, occurred_at FROM logistics.tracking_events WHERE shipment_id = $1',
      [body.shipmentId],
    );
    expect(events).toEqual([
      {
        status: 'LABEL_CREATED',
        description: 'Shipping label created: UPS 2nd Day Air (express)',
        location: 'Secaucus, NJ, US',
        occurred_at: clock.current,
      },
    ]);
    const outbox = await outboxOf(body.shipmentId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      event_type: 'shipment.created',
      payload: {
        shipmentId: body.shipmentId,
        orderId: body.orderId,
        trackingNumber: res.body.trackingNumber,
        carrier: 'UPS',
        carrierService: 'UPS 2nd Day Air',
        destination: { city: 'Boston', country: 'US' },
        costCents: 2340,
      },
    });
    // The outbox carries no street or name.
    expect(JSON.stringify(outbox[0].payload)).not.toMatch(/Lovelace|Analytical|02110/);
  });

  it('defaults to standard service and prices a European lane in euros', async () => {
    const body = shipmentBody({
      originRegion: 'eu-west-1',
      originWarehouseId: 'WH-EU-WEST-1',
      destination: europeanDestination,
      serviceLevel: undefined,
    });
    const res = await call(h.url, 'POST', '/shipments', { body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ carrier: 'DPD', serviceLevel: 'standard', currency: 'EUR' });
  });

  it('answers a repeated shipmentId with the stored shipment and creates nothing', async () => {
    const body = shipmentBody();
    const first = await call(h.url, 'POST', '/shipments', { body });
    expect(first.status).toBe(201);
    clock.advance(5_000);
    const before = await snapshot(h.db);
    const again = await call(h.url, 'POST', '/shipments', { body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await snapshot(h.db)).toBe(before);
  });

  it('20 concurrent creates of one id make one row and give identical answers', async () => {
    const body = shipmentBody();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(h.url, 'POST', '/shipments', { body })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const id = body.shipmentId;
    expect(
      await countRows(h.db, 'SELECT count(*) AS n FROM logistics.shipments WHERE id = $1', [id]),
    ).toBe(1);
    expect(
      await countRows(
        h.db,
        'SELECT count(*) AS n FROM logistics.tracking_events WHERE shipment_id = $1',
        [id],
      ),
    ).toBe(1);
    expect(await outboxOf(id)).toHaveLength(1);
  });

  it('refuses to reuse a shipmentId for another order', async () => {
    const body = shipmentBody();
    expect((await call(h.url, 'POST', '/shipments', { body })).status).toBe(201);
    const before = await snapshot(h.db);
    const res = await call(h.url, 'POST', '/shipments', {
      body: { ...body, orderId: 'another-order' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SHIPMENT_ID_CONFLICT');
    expect(await snapshot(h.db)).toBe(before);
  });

  it('retries with a fresh tracking number when a random one is already taken', async () => {
    const taken = generateTrackingNumber();
    const fresh = generateTrackingNumber();
    scriptedNumbers.push(taken);
    const first = await call(h.url, 'POST', '/shipments', { body: shipmentBody() });
    expect(first.body.trackingNumber).toBe(taken);
    scriptedNumbers.push(taken, fresh);
    const second = await call(h.url, 'POST', '/shipments', { body: shipmentBody() });
    expect(second.status).toBe(201);
    expect(second.body.trackingNumber).toBe(fresh);
    expect(scriptedNumbers).toHaveLength(0);
  });

  it('answers 422 UNSUPPORTED_DESTINATION for a country no lane reaches, writing nothing', async () => {
    const before = await snapshot(h.db);
    const res = await call(h.url, 'POST', '/shipments', {
      body: shipmentBody({ destination: { ...europeanDestination, city: 'Tokyo', country: 'JP' } }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'UNSUPPORTED_DESTINATION',
      details: { country: 'JP', supportedCountries: expect.arrayContaining(['US', 'DE']) },
    });
    expect(await snapshot(h.db)).toBe(before);
  });
});

describe('GET /shipments', () => {
  it('returns a shipment by id and the shipments of an order, oldest first', async () => {
    const orderId = `order-${randomUUID()}`;
    const a = await call(h.url, 'POST', '/shipments', { body: shipmentBody({ orderId }) });
    clock.advance(1_000);
    const b = await call(h.url, 'POST', '/shipments', {
      body: shipmentBody({
        orderId,
        originRegion: 'eu-west-1',
        originWarehouseId: 'WH-EU-WEST-1',
        destination: europeanDestination,
      }),
    });
    const one = await call(h.url, 'GET', `/shipments/${a.body.id}`);
    expect(one).toMatchObject({ status: 200, body: a.body });
    const list = await call(h.url, 'GET', `/shipments?orderId=${orderId}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ shipments: [a.body, b.body] });
    const none = await call(h.url, 'GET', '/shipments?orderId=nothing-here');
    expect(none.body).toEqual({ shipments: [] });
  });

  it('answers 404 for an unknown id and 400 for a malformed id or a missing orderId', async () => {
    expect((await call(h.url, 'GET', `/shipments/${randomUUID()}`)).status).toBe(404);
    expect((await call(h.url, 'GET', '/shipments/not-a-uuid')).status).toBe(400);
    expect((await call(h.url, 'GET', '/shipments')).status).toBe(400);
  });
});

describe('POST /shipments/:id/cancel', () => {
  it('cancels a LABEL_CREATED shipment with an event and shipment.status_changed, then stays cancelled', async () => {
    const created = await call(h.url, 'POST', '/shipments', { body: shipmentBody() });
    clock.advance(2_000);
    const res = await call(h.url, 'POST', `/shipments/${created.body.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.body.id,
      status: 'CANCELLED',
      trackingNumber: created.body.trackingNumber,
      updatedAt: clock.current.toISOString(),
    });
    const outbox = await outboxOf(created.body.id);
    expect(outbox.map((e) => e.event_type)).toEqual([
      'shipment.created',
      'shipment.status_changed',
    ]);
    expect(outbox[1].payload).toMatchObject({ from: 'LABEL_CREATED', to: 'CANCELLED' });
    const { rows } = await h.db.pool.query(
      'SELECT status FROM logistics.tracking_events WHERE shipment_id = $1 ORDER BY id',
      [created.body.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['LABEL_CREATED', 'CANCELLED']);

    const before = await snapshot(h.db);
    const again = await call(h.url, 'POST', `/shipments/${created.body.id}/cancel`);
    expect(again).toMatchObject({ status: 200, body: res.body });
    expect(await snapshot(h.db)).toBe(before);

    const recreate = await call(h.url, 'POST', '/shipments', {
      body: shipmentBody({ shipmentId: created.body.id, orderId: created.body.orderId }),
    });
    expect(recreate.status).toBe(409);
    expect(recreate.body.error.code).toBe('SHIPMENT_CANCELLED');
  });

  it('leaves a tombstone for an unknown id, so a late create is refused', async () => {
    const id = randomUUID();
    const res = await call(h.url, 'POST', `/shipments/${id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'CANCELLED',
      orderId: null,
      trackingNumber: null,
      carrier: null,
      destination: null,
    });
    expect(await outboxOf(id)).toEqual([]);
    expect((await call(h.url, 'GET', `/shipments/${id}`)).body.status).toBe('CANCELLED');

    const before = await snapshot(h.db);
    const late = await call(h.url, 'POST', '/shipments', {
      body: shipmentBody({ shipmentId: id }),
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('SHIPMENT_CANCELLED');
    expect((await call(h.url, 'POST', `/shipments/${id}/cancel`)).status).toBe(200);
    expect(await snapshot(h.db)).toBe(before);
  });

  it('a create racing its own cancel ends cancelled either way, in one row', async () => {
    for (let i = 0; i < 5; i++) {
      const body = shipmentBody();
      const [create, cancel] = await Promise.all([
        call(h.url, 'POST', '/shipments', { body }),
        call(h.url, 'POST', `/shipments/${body.shipmentId}/cancel`),
      ]);
      expect(cancel.status).toBe(200);
      expect([201, 409]).toContain(create.status);
      const { rows } = await h.db.pool.query(
        'SELECT status FROM logistics.shipments WHERE id = $1',
        [body.shipmentId],
      );
      expect(rows).toEqual([{ status: 'CANCELLED' }]);
    }
  });

  it('refuses with 409 SHIPMENT_ALREADY_MOVING once the carrier has picked it up', async () => {
    const created = await call(h.url, 'POST', '/shipments', { body: shipmentBody() });
    clock.advance(12_000);
    await h.handles.clockLoop.runOnce();
    const moved = await call(h.url, 'GET', `/shipments/${created.body.id}`);
    expect(moved.body.status).toBe('PICKED_UP');
    const before = await snapshot(h.db);
    const res = await call(h.url, 'POST', `/shipments/${created.body.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'SHIPMENT_ALREADY_MOVING',
      details: { status: 'PICKED_UP' },
    });
    expect(await snapshot(h.db)).toBe(before);
  });
});

describe('who may call', () => {
  it('needs a service or operator credential for every shipment route', async () => {
    const customer = `Bearer ${h.identity.customerToken(randomUUID())}`;
    const operator = `Bearer ${h.identity.operatorToken()}`;
    const before = await snapshot(h.db);
    const id = randomUUID();
    for (const [method, path, body] of [
      ['POST', '/shipments', shipmentBody()],
      ['GET', `/shipments/${id}`, undefined],
      ['GET', '/shipments?orderId=x', undefined],
      ['POST', `/shipments/${id}/cancel`, undefined],
    ] as const) {
      expect((await call(h.url, method, path, { auth: null, body })).status).toBe(401);
      expect((await call(h.url, method, path, { auth: customer, body })).status).toBe(403);
      expect((await call(h.url, method, path, { auth: 'Bearer nonsense', body })).status).toBe(401);
    }
    expect(await snapshot(h.db)).toBe(before);

    const byOperator = await call(h.url, 'POST', '/shipments', {
      auth: operator,
      body: shipmentBody(),
    });
    expect(byOperator.status).toBe(201);
    expect(
      (await call(h.url, 'GET', `/shipments/${byOperator.body.id}`, { auth: operator })).status,
    ).toBe(200);
  });

  it('lets anyone read the public tracking page', async () => {
    const created = await call(h.url, 'POST', '/shipments', { body: shipmentBody() });
    const res = await call(h.url, 'GET', `/tracking/${created.body.trackingNumber}`, {
      auth: null,
    });
    expect(res.status).toBe(200);
  });
});

describe('metrics', () => {
  it('counts shipments by carrier and level, transitions and cancellations', async () => {
    const res = await call(h.url, 'GET', '/metrics', { auth: null });
    expect(res.text).toMatch(
      /logistics_shipments_created_total\{carrier="UPS",service_level="express",service="logistics-service"\} \d+/,
    );
    expect(res.text).toMatch(
      /logistics_status_transitions_total\{from="LABEL_CREATED",to="PICKED_UP"/,
    );
    expect(res.text).toMatch(
      /logistics_status_transitions_total\{from="LABEL_CREATED",to="CANCELLED"/,
    );
    expect(res.text).toMatch(/logistics_cancellations_total\{result="tombstone"/);
    expect(res.text).toMatch(/logistics_cancellations_total\{result="refused"/);
  });
});
