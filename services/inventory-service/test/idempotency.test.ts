import { randomUUID } from 'node:crypto';
import { Harness, tally } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

describe('POST /reservations is idempotent on reservationId', () => {
  it('20 concurrent POSTs with one id hold once and all answer the same reservation', async () => {
    const reservationId = randomUUID();
    const before = await h.stockRow('GR-1013', 'wh-us-east-1');
    const body = {
      reservationId,
      orderId: 'order-idem-1',
      region: 'us-east-1',
      lines: [
        { sku: 'GR-1013', quantity: 3 },
        { sku: 'GR-1014', quantity: 1 },
      ],
    };
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => h.call('POST', '/reservations', { token: h.service, body })),
    );

    expect(tally(replies, (r) => String(r.status))).toEqual({ '201': 1, '200': 19 });
    for (const r of replies) expect(r.body).toEqual(replies[0]!.body);
    expect(replies[0]!.body).toMatchObject({
      reservationId,
      status: 'HELD',
      orderId: 'order-idem-1',
    });

    const { rows } = await h.pool.query(
      'SELECT count(*)::int AS n FROM inventory.reservations WHERE id = $1',
      [reservationId],
    );
    expect(rows[0].n).toBe(1);
    expect(await h.stockRow('GR-1013', 'wh-us-east-1')).toEqual({
      onHand: before.onHand,
      reserved: before.reserved + 3,
    });
    const reserved = await h.events('stock.reserved');
    expect(reserved.filter((e) => e.aggregate_id === reservationId)).toHaveLength(1);
    const audit = await h.pool.query(
      "SELECT count(*)::int AS n FROM inventory.stock_audit WHERE reservation_id = $1 AND change = 'reserve'",
      [reservationId],
    );
    expect(audit.rows[0].n).toBe(2);
  });

  it('a replay answers the reservation as it is now, even after its stock moved on', async () => {
    const reservationId = randomUUID();
    const first = await h.reserve([{ sku: 'GR-1015', quantity: 2 }], { reservationId });
    expect(first.status).toBe(201);
    await h.call('POST', `/reservations/${reservationId}/commit`, { token: h.service });
    const replay = await h.reserve([{ sku: 'GR-1015', quantity: 2 }], { reservationId });
    expect(replay.status).toBe(200);
    expect(replay.body.status).toBe('COMMITTED');
    // Upper-case spelling of the same uuid is the same reservation.
    const upper = await h.reserve([{ sku: 'GR-1015', quantity: 2 }], {
      reservationId: reservationId.toUpperCase(),
    });
    expect(upper.status).toBe(200);
    expect(upper.body.reservationId).toBe(reservationId);
  });

  it('concurrent duplicates of a hold that cannot be filled all get 409 and leave nothing', async () => {
    const reservationId = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.reserve([{ sku: 'GR-1012', quantity: 1000 }], { reservationId }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 409));
    expect(replies.every((r) => r.body.error.code === 'INSUFFICIENT_STOCK')).toBe(true);
    const { rowCount } = await h.pool.query('SELECT 1 FROM inventory.reservations WHERE id = $1', [
      reservationId,
    ]);
    expect(rowCount).toBe(0);
  });

  it('a reserve that arrives after its release is refused with RESERVATION_RELEASED', async () => {
    const reservationId = randomUUID();
    const release = await h.call('POST', `/reservations/${reservationId}/release`, {
      token: h.service,
    });
    expect(release.status).toBe(200);
    expect(release.body).toMatchObject({ reservationId, status: 'RELEASED', allocations: [] });
    const before = await h.stockRow('GR-1001', 'wh-us-east-1');

    const late = await h.reserve([{ sku: 'GR-1001', quantity: 1 }], { reservationId });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RESERVATION_RELEASED');
    expect(await h.stockRow('GR-1001', 'wh-us-east-1')).toEqual(before);
  });

  it('a release racing a reserve of the same id ends with the stock returned', async () => {
    for (let round = 0; round < 10; round++) {
      const reservationId = randomUUID();
      const before = await h.stockRow('GR-1016', 'wh-us-east-1');
      const [reserve, release] = await Promise.all([
        h.reserve([{ sku: 'GR-1016', quantity: 1 }], { reservationId }),
        h.call('POST', `/reservations/${reservationId}/release`, { token: h.service }),
      ]);
      expect(release.status).toBe(200);
      // Either the hold came first and was released, or the tombstone came first and refused it.
      expect([201, 409]).toContain(reserve.status);
      if (reserve.status === 409) expect(reserve.body.error.code).toBe('RESERVATION_RELEASED');
      expect(await h.stockRow('GR-1016', 'wh-us-east-1')).toEqual(before);
      const now = await h.call('GET', `/reservations/${reservationId}`, { token: h.service });
      expect(now.body.status).toBe('RELEASED');
    }
  });
});
