import { randomUUID } from 'node:crypto';
import { Harness, tally } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ RESERVATION_SWEEP_BATCH_SIZE: '7' });
});
afterAll(() => h.stop());

const commit = (id: string) => h.call('POST', `/reservations/${id}/commit`, { token: h.service });
const release = (id: string) => h.call('POST', `/reservations/${id}/release`, { token: h.service });
/** Moves a hold's deadline into the past, as if its TTL had run out. */
const expire = (ids: string[]) =>
  h.pool.query(
    "UPDATE inventory.reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])",
    [ids],
  );

describe('reservation state machine', () => {
  it('HELD -> COMMITTED takes the units off hand; commit is idempotent; release is then refused', async () => {
    const before = await h.stockRow('GR-1008', 'wh-eu-west-1');
    const held = await h.reserve([{ sku: 'GR-1008', quantity: 4 }], { region: 'eu-west-1' });
    expect(held.status).toBe(201);
    const id = held.body.reservationId;
    expect(await h.stockRow('GR-1008', 'wh-eu-west-1')).toEqual({
      onHand: before.onHand,
      reserved: before.reserved + 4,
    });

    const first = await commit(id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ reservationId: id, status: 'COMMITTED' });
    const again = await commit(id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await h.stockRow('GR-1008', 'wh-eu-west-1')).toEqual({
      onHand: before.onHand - 4,
      reserved: before.reserved,
    });

    const late = await release(id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RESERVATION_COMMITTED');
    const audit = await h.pool.query(
      'SELECT change, old_on_hand, new_on_hand, old_reserved, new_reserved, actor_kind, actor FROM inventory.stock_audit WHERE reservation_id = $1 ORDER BY id',
      [id],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ change: 'reserve', new_reserved: before.reserved + 4 }),
      expect.objectContaining({
        change: 'commit',
        old_on_hand: before.onHand,
        new_on_hand: before.onHand - 4,
        actor_kind: 'service',
        actor: 'order-service',
      }),
    ]);
  });

  it('HELD -> RELEASED returns the units; release is idempotent; commit and re-reserve are refused', async () => {
    const before = await h.stockRow('GR-1009', 'wh-us-east-1');
    const held = await h.reserve([{ sku: 'GR-1009', quantity: 5 }]);
    const id = held.body.reservationId;

    const first = await release(id);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('RELEASED');
    expect(await h.stockRow('GR-1009', 'wh-us-east-1')).toEqual(before);
    const again = await release(id);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('RELEASED');
    expect(await h.stockRow('GR-1009', 'wh-us-east-1')).toEqual(before);

    const tooLate = await commit(id);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error).toMatchObject({
      code: 'RESERVATION_NOT_HELD',
      details: { status: 'RELEASED' },
    });
    const reuse = await h.reserve([{ sku: 'GR-1009', quantity: 5 }], { reservationId: id });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('RESERVATION_RELEASED');

    const released = (await h.events('stock.released')).filter((e) => e.aggregate_id === id);
    expect(released).toHaveLength(1);
    expect(released[0]!.payload).toMatchObject({ reason: 'released', status: 'RELEASED' });
  });

  it('releasing an unknown id leaves a tombstone; committing one is 404', async () => {
    const id = randomUUID();
    const missing = await commit(id);
    expect(missing.status).toBe(404);
    expect((await h.call('GET', `/reservations/${id}`, { token: h.service })).status).toBe(404);

    const tombstone = await release(id);
    expect(tombstone.status).toBe(200);
    expect(tombstone.body).toMatchObject({
      reservationId: id,
      status: 'RELEASED',
      orderId: null,
      allocations: [],
    });
    const { rows } = await h.pool.query(
      'SELECT tombstone, status FROM inventory.reservations WHERE id = $1',
      [id],
    );
    expect(rows).toEqual([{ tombstone: true, status: 'RELEASED' }]);
    expect((await commit(id)).body.error.code).toBe('RESERVATION_NOT_HELD');
  });

  it('holds expire after their TTL: ttlSeconds or the configured default', async () => {
    const short = await h.reserve([{ sku: 'GR-1010', quantity: 1 }], { ttlSeconds: 60 });
    const normal = await h.reserve([{ sku: 'GR-1010', quantity: 1 }]);
    const ttl = (r: typeof short) =>
      (Date.parse(r.body.expiresAt) - Date.parse(r.body.createdAt)) / 1000;
    expect(ttl(short)).toBeCloseTo(60, 0);
    expect(ttl(normal)).toBeCloseTo(900, 0);
  });

  it('a commit after the deadline is refused and the hold expires, sweeper or not', async () => {
    const before = await h.stockRow('GR-1011', 'wh-us-east-1');
    const held = await h.reserve([{ sku: 'GR-1011', quantity: 3 }]);
    const id = held.body.reservationId;
    await expire([id]);

    const late = await commit(id);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'RESERVATION_NOT_HELD',
      details: { status: 'EXPIRED' },
    });
    expect(await h.stockRow('GR-1011', 'wh-us-east-1')).toEqual(before);
    expect((await h.call('GET', `/reservations/${id}`, { token: h.service })).body.status).toBe(
      'EXPIRED',
    );
    const events = (await h.events('stock.released')).filter((e) => e.aggregate_id === id);
    expect(events.map((e) => e.payload.reason)).toEqual(['expired']);
    // Releasing an expired hold is a no-op that still answers 200.
    const rel = await release(id);
    expect(rel.status).toBe(200);
    expect(rel.body.status).toBe('EXPIRED');
    expect(await h.stockRow('GR-1011', 'wh-us-east-1')).toEqual(before);
  });

  it('the sweeper expires only holds past their deadline, in batches, and returns their stock', async () => {
    const sku = 'GR-1017';
    const before = await h.stockRow(sku, 'wh-us-east-1');
    const holds = await Promise.all(
      Array.from({ length: 20 }, () => h.reserve([{ sku, quantity: 2 }])),
    );
    const ids = holds.map((r) => r.body.reservationId as string);
    const due = ids.slice(0, 16);
    await expire(due);

    // The real loop, as started by the service (batch size 7 here, so three transactions).
    await h.handles.sweeper.runOnce();
    const { rows } = await h.pool.query(
      'SELECT id, status FROM inventory.reservations WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(tally(rows, (r) => `${due.includes(r.id)}:${r.status}`)).toEqual({
      'true:EXPIRED': 16,
      'false:HELD': 4,
    });
    expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({
      onHand: before.onHand,
      reserved: before.reserved + 8,
    });
    const audit = await h.pool.query(
      "SELECT actor_kind, actor, count(*)::int AS n FROM inventory.stock_audit WHERE change = 'expire' AND reservation_id = ANY($1::uuid[]) GROUP BY 1, 2",
      [ids],
    );
    expect(audit.rows).toEqual([{ actor_kind: 'system', actor: 'reservation-sweeper', n: 16 }]);
    expect(await h.handles.sweepNow()).toBe(0);
  });

  it('commit racing the sweeper never returns the same units twice', async () => {
    const sku = 'GR-1019';
    await h.setStock(sku, { 'wh-us-east-1': 200, 'wh-eu-west-1': 0 });
    const holds = await Promise.all(
      Array.from({ length: 60 }, () => h.reserve([{ sku, quantity: 3 }])),
    );
    const ids = holds.map((r) => r.body.reservationId as string);
    const due = new Set(ids.filter((_, i) => i % 2 === 0));
    await expire([...due]);

    const [commits] = await Promise.all([
      Promise.all(ids.map((id) => commit(id))),
      h.handles.sweepNow(),
      h.handles.sweepNow(),
    ]);

    commits.forEach((reply, i) => {
      if (due.has(ids[i]!)) {
        expect(reply.status).toBe(409);
        expect(reply.body.error.details).toEqual({ status: 'EXPIRED' });
      } else {
        expect(reply.status).toBe(200);
        expect(reply.body.status).toBe('COMMITTED');
      }
    });
    // 30 committed x 3 left the warehouse; the other 30 holds came back exactly once.
    expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({ onHand: 200 - 90, reserved: 0 });
    const released = (await h.events('stock.released')).filter((e) => due.has(e.aggregate_id));
    expect(Object.values(tally(released, (e) => e.aggregate_id))).toEqual(
      Array.from({ length: 30 }, () => 1),
    );
    const audit = await h.pool.query(
      "SELECT reservation_id, count(*)::int AS n FROM inventory.stock_audit WHERE reservation_id = ANY($1::uuid[]) AND change IN ('commit', 'expire') GROUP BY 1",
      [ids],
    );
    expect(audit.rows).toHaveLength(60);
    expect(audit.rows.every((r) => r.n === 1)).toBe(true);
  });

  it('a GET shows the reservation to services and operators', async () => {
    const held = await h.reserve([{ sku: 'GR-1020', quantity: 1 }], { orderId: 'order-get-1' });
    const byOperator = await h.call('GET', `/reservations/${held.body.reservationId}`, {
      token: h.operator,
    });
    expect(byOperator.status).toBe(200);
    expect(byOperator.body).toEqual(held.body);
  });
});
