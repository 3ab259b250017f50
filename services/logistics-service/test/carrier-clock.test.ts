import { call, FakeClock, shipmentBody, startHarness, type Harness } from './helpers';

const clock = new FakeClock();
// The exception dice: above the 2 % default rate means "no exception".
let roll = 0.99;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ overrides: { now: clock.now, random: () => roll } });
});
afterAll(() => h.stop());
beforeEach(() => {
  roll = 0.99;
});

async function createExpress(overrides: Record<string, unknown> = {}) {
  const res = await call(h.url, 'POST', '/shipments', { body: shipmentBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; trackingNumber: string; estimatedDeliveryAt: string };
}

const get = async (id: string) => (await call(h.url, 'GET', `/shipments/${id}`)).body;
const track = async (tn: string) =>
  (await call(h.url, 'GET', `/tracking/${tn}`, { auth: null })).body;
const statusEvents = async (id: string) =>
  (
    await h.db.pool.query(
      `SELECT payload FROM logistics.outbox
        WHERE aggregate_id = $1 AND event_type = 'shipment.status_changed' ORDER BY id`,
      [id],
    )
  ).rows.map((r) => `${r.payload.from}->${r.payload.to}`);

/** A shipment far enough in the past that every remaining leg is due. */
async function tickUntilStill(): Promise<number> {
  let ticks = 0;
  for (;;) {
    const moves = await h.handles.clock.tick();
    if (moves.length === 0) return ticks;
    ticks++;
  }
}

describe('the carrier clock', () => {
  it('moves a shipment through every status to DELIVERED at its ETA, one step per due tick', async () => {
    const t0 = clock.current.getTime();
    const s = await createExpress();
    // UPS 2nd Day Air: 2 simulated days = 120 s; legs end at 12 s, 30 s, 102 s and 120 s.
    expect(s.estimatedDeliveryAt).toBe(new Date(t0 + 120_000).toISOString());

    clock.set(t0 + 11_999);
    await h.handles.clockLoop.runOnce();
    expect((await get(s.id)).status).toBe('LABEL_CREATED');

    clock.set(t0 + 12_000);
    await h.handles.clockLoop.runOnce();
    expect((await get(s.id)).status).toBe('PICKED_UP');
    await h.handles.clockLoop.runOnce();
    expect((await get(s.id)).status).toBe('PICKED_UP');

    clock.set(t0 + 30_000);
    await h.handles.clockLoop.runOnce();
    expect((await get(s.id)).status).toBe('IN_TRANSIT');

    // Long after the ETA (a stalled clock catching up): one step per tick, never skipping one.
    clock.set(t0 + 3_600_000);
    await h.handles.clockLoop.runOnce();
    expect((await get(s.id)).status).toBe('OUT_FOR_DELIVERY');
    await h.handles.clockLoop.runOnce();
    const delivered = await get(s.id);
    expect(delivered).toMatchObject({
      status: 'DELIVERED',
      estimatedDeliveryAt: s.estimatedDeliveryAt,
    });
    await h.handles.clockLoop.runOnce();
    expect((await get(s.id)).status).toBe('DELIVERED');

    const page = await track(s.trackingNumber);
    expect(page.events).toEqual([
      {
        status: 'LABEL_CREATED',
        description: 'Shipping label created: UPS 2nd Day Air (express)',
        location: 'Secaucus, NJ, US',
        occurredAt: new Date(t0).toISOString(),
      },
      {
        status: 'PICKED_UP',
        description: 'Picked up by UPS',
        location: 'Secaucus, NJ, US',
        occurredAt: new Date(t0 + 12_000).toISOString(),
      },
      {
        status: 'IN_TRANSIT',
        description: 'In transit: arrived at the carrier hub',
        location: 'Louisville, KY, US',
        occurredAt: new Date(t0 + 30_000).toISOString(),
      },
      {
        status: 'OUT_FOR_DELIVERY',
        description: 'Out for delivery',
        location: 'Boston, US',
        occurredAt: new Date(t0 + 102_000).toISOString(),
      },
      {
        status: 'DELIVERED',
        description: 'Delivered',
        location: 'Boston, US',
        occurredAt: s.estimatedDeliveryAt,
      },
    ]);
    expect(await statusEvents(s.id)).toEqual([
      'LABEL_CREATED->PICKED_UP',
      'PICKED_UP->IN_TRANSIT',
      'IN_TRANSIT->OUT_FOR_DELIVERY',
      'OUT_FOR_DELIVERY->DELIVERED',
    ]);
    const { rows } = await h.db.pool.query(
      'SELECT next_transition_at FROM logistics.shipments WHERE id = $1',
      [s.id],
    );
    expect(rows[0].next_transition_at).toBeNull();
  });

  it('an exception delays the parcel at the hub, it resumes on the next due tick and the ETA moves', async () => {
    const t0 = clock.current.getTime();
    const s = await createExpress();
    clock.set(t0 + 3_600_000);
    await h.handles.clock.tick(); // PICKED_UP
    await h.handles.clock.tick(); // IN_TRANSIT
    roll = 0.01;
    expect(await h.handles.clock.tick()).toEqual([
      { shipmentId: s.id, from: 'IN_TRANSIT', to: 'EXCEPTION' },
    ]);
    roll = 0.99;
    // 24 simulated hours at 1440x is 60 s.
    const pushed = new Date(t0 + 180_000).toISOString();
    const during = await track(s.trackingNumber);
    expect(during).toMatchObject({ status: 'EXCEPTION', estimatedDeliveryAt: pushed });
    expect(during.events.at(-1)).toMatchObject({
      status: 'EXCEPTION',
      description: 'Delayed at hub (weather); the delivery estimate has moved',
      location: 'Louisville, KY, US',
      occurredAt: new Date(t0 + 102_000).toISOString(),
    });

    expect(await tickUntilStill()).toBe(3);
    const done = await track(s.trackingNumber);
    expect(done).toMatchObject({ status: 'DELIVERED', estimatedDeliveryAt: pushed });
    expect(done.events.map((e: { status: string }) => e.status)).toEqual([
      'LABEL_CREATED',
      'PICKED_UP',
      'IN_TRANSIT',
      'EXCEPTION',
      'IN_TRANSIT',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
    ]);
    expect(done.events.at(-1).occurredAt).toBe(pushed);
    expect(await statusEvents(s.id)).toEqual([
      'LABEL_CREATED->PICKED_UP',
      'PICKED_UP->IN_TRANSIT',
      'IN_TRANSIT->EXCEPTION',
      'EXCEPTION->IN_TRANSIT',
      'IN_TRANSIT->OUT_FOR_DELIVERY',
      'OUT_FOR_DELIVERY->DELIVERED',
    ]);
  });

  it('leaves cancelled shipments and tombstones alone', async () => {
    const s = await createExpress();
    await call(h.url, 'POST', `/shipments/${s.id}/cancel`);
    const tombstone = '7d0c4d4e-2f83-4d36-9a53-0d0f4e0c7a11';
    await call(h.url, 'POST', `/shipments/${tombstone}/cancel`);
    clock.advance(86_400_000);
    expect(await tickUntilStill()).toBe(0);
    expect((await get(s.id)).status).toBe('CANCELLED');
    expect((await get(tombstone)).status).toBe('CANCELLED');
  });

  it('two instances ticking at once move each due shipment exactly once', async () => {
    const replica = await h.startReplica({ now: clock.now, random: () => roll });
    const t0 = clock.current.getTime();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await createExpress()).id);
    // Only the pickups are due.
    clock.set(t0 + 20_000);
    const [a, b] = await Promise.all([h.handles.clock.tick(), replica.handles.clock.tick()]);
    const moved = [...a, ...b].filter((m) => ids.includes(m.shipmentId));
    expect(moved).toHaveLength(30);
    expect(new Set(moved.map((m) => m.shipmentId)).size).toBe(30);
    const { rows } = await h.db.pool.query(
      `SELECT shipment_id, count(*)::int AS n FROM logistics.tracking_events
        WHERE shipment_id = ANY($1::uuid[]) AND status = 'PICKED_UP' GROUP BY shipment_id`,
      [ids],
    );
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    await replica.service.stop();
  });

  it('works through more due shipments than one batch holds, in one tick', async () => {
    const small = await h.startReplica(
      { now: clock.now, random: () => roll },
      { CARRIER_CLOCK_BATCH_SIZE: '3' },
    );
    const t0 = clock.current.getTime();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createExpress()).id);
    clock.set(t0 + 12_000);
    const moves = (await small.handles.clock.tick()).filter((m) => ids.includes(m.shipmentId));
    expect(moves).toHaveLength(7);
    expect(moves.every((m) => m.to === 'PICKED_UP')).toBe(true);
    await small.service.stop();
  });
});
