import { randomUUID } from 'node:crypto';
import { AppError, runWithRequestId } from '@globalretail/service-kit';
import { eventually, startTestService, type TestService } from '@globalretail/service-kit/testing';
import { inventoryDefinition, type InventoryConfig } from '../src/service';
import type { ReserveCommand } from '../src/domain/reservations';
import { Harness, tally, type Json } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
  await h.pool.query(
    `INSERT INTO inventory.products (sku, name, category, price_cents, active)
     VALUES ('GR-0998', 'Retired Toaster', 'home', 1999, false)`,
  );
  await h.pool.query(
    "INSERT INTO inventory.stock (sku, warehouse_id, on_hand) VALUES ('GR-0998', 'wh-us-east-1', 40)",
  );
});
afterAll(() => h.stop());

const SERVICE = { kind: 'service', name: 'order-service' } as const;

type Settled<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code?: string; details?: unknown; error?: Error };

/** Error code and status of a refused command, or the answer of an accepted one. */
async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    if (err instanceof AppError) {
      return { ok: false, status: err.status, code: err.code, details: err.details };
    }
    return { ok: false, status: 500, error: err as Error };
  }
}

/** The value of an accepted command (fails the test for a refused one). */
function valueOf<T>(s: Settled<T> | undefined): T {
  if (!s?.ok) throw new Error(`expected an accepted command, got ${JSON.stringify(s)}`);
  return s.value;
}

const command = (
  lines: { sku: string; quantity: number }[],
  extra: Partial<ReserveCommand> = {},
): ReserveCommand => ({
  reservationId: randomUUID(),
  orderId: `order-${randomUUID()}`,
  region: 'us-east-1',
  lines,
  ttlSeconds: 900,
  ...extra,
});

/**
 * Submits the commands in one go (same tick, so they form ONE batch), each under its own
 * request id, and checks that they did run as one batch transaction.
 */
async function oneBatch<T>(op: 'reserve' | 'commit', submit: (() => Promise<T>)[]) {
  const before = await batchCount(op);
  const answers = await Promise.all(
    submit.map((run, i) => settle(runWithRequestId(`req-${op}-${i}`, run))),
  );
  // Exactly one batch (plus at most one re-run of it) took all of them.
  expect((await batchCount(op)) - before).toBe(1);
  return answers;
}

async function batchCount(op: string): Promise<number> {
  const text = await fetch(`${h.svc.url}/metrics`).then((r) => r.text());
  return (
    metricSum(text, 'inventory_stock_batches_total', [`op="${op}"`, 'result="committed"']) +
    metricSum(text, 'inventory_stock_batches_total', [`op="${op}"`, 'result="failed"'])
  );
}

/** Sum of a metric's series whose labels include all of `labels` (in any order). */
function metricSum(text: string, name: string, labels: string[]): number {
  let n = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\d+)$`, 'gm'))) {
    if (labels.every((l) => m[1]!.split(',').includes(l))) n += Number(m[2]);
  }
  return n;
}

describe('group commit of reserves', () => {
  it('answers each command of a mixed batch exactly as if they had run one after another', async () => {
    const sku = 'GR-1018';
    await h.setStock(sku, { 'wh-us-east-1': 6, 'wh-eu-west-1': 0 });
    const replayed = await h.reserve([{ sku: 'GR-1020', quantity: 1 }]);
    expect(replayed.status).toBe(201);
    const releasedId = randomUUID();
    expect(
      (await h.call('POST', `/reservations/${releasedId}/release`, { token: h.service })).status,
    ).toBe(200);
    const stockBefore = await h.stockRow(sku, 'wh-us-east-1');

    const a = command([{ sku, quantity: 2 }]);
    const short = command([{ sku, quantity: 5 }]);
    const cmds: ReserveCommand[] = [
      /* 0 */ a,
      /* 1 */ command([
        { sku, quantity: 1 },
        { sku: 'GR-9999', quantity: 1 },
        { sku: 'GR-0998', quantity: 1 },
      ]),
      /* 2 */ command([{ sku: 'GR-1020', quantity: 1 }], {
        reservationId: replayed.body.reservationId,
      }),
      /* 3 */ { ...a, orderId: 'a-duplicate' },
      /* 4 */ short,
      /* 5 */ command([{ sku, quantity: 1 }], { reservationId: releasedId }),
      // Same id as the refused #4: it was never created, so this one is decided afresh.
      /* 6 */ { ...short, lines: [{ sku, quantity: 1 }] },
      /* 7 */ command([{ sku, quantity: 3 }], { ttlSeconds: 60 }),
      /* 8 */ command([{ sku, quantity: 1 }]),
    ];
    const answers = await oneBatch(
      'reserve',
      cmds.map((c) => () => h.handles.reservations.reserve(c, SERVICE)),
    );

    const [created, unknown, replay, duplicate, insufficient, released, retried, last, soldOut] =
      answers;
    expect(created).toMatchObject({ ok: true, value: { created: true } });
    const createdView = valueOf(created).reservation;
    expect(createdView).toMatchObject({
      reservationId: a.reservationId,
      status: 'HELD',
      allocations: [
        { warehouseId: 'wh-us-east-1', region: 'us-east-1', lines: [{ sku, quantity: 2 }] },
      ],
    });
    expect(unknown).toMatchObject({
      ok: false,
      status: 422,
      code: 'UNKNOWN_SKU',
      details: [
        { sku: 'GR-9999', problem: 'unknown' },
        { sku: 'GR-0998', problem: 'inactive' },
      ],
    });
    expect(replay).toEqual({ ok: true, value: { created: false, reservation: replayed.body } });
    expect(duplicate).toEqual({ ok: true, value: { created: false, reservation: createdView } });
    expect(insufficient).toMatchObject({
      ok: false,
      status: 409,
      code: 'INSUFFICIENT_STOCK',
      details: [{ sku, requested: 5, available: 4 }],
    });
    expect(released).toMatchObject({
      ok: false,
      status: 409,
      code: 'RESERVATION_RELEASED',
      details: { status: 'RELEASED' },
    });
    expect(retried).toMatchObject({ ok: true, value: { created: true } });
    expect(last).toMatchObject({ ok: true, value: { created: true } });
    expect(soldOut).toMatchObject({
      ok: false,
      status: 409,
      code: 'INSUFFICIENT_STOCK',
      details: [{ sku, requested: 1, available: 0 }],
    });

    // The answers are what the database now says, field for field.
    for (const answer of [created, retried, last]) {
      const view = valueOf(answer).reservation;
      const stored = await h.call('GET', `/reservations/${view.reservationId}`, {
        token: h.service,
      });
      expect(stored.body).toEqual(view);
      const replayAnswer = await h.reserve([{ sku, quantity: 1 }], {
        reservationId: view.reservationId,
      });
      expect(replayAnswer).toMatchObject({ status: 200, body: view });
    }
    const lastView = valueOf(last).reservation;
    expect(Date.parse(lastView.expiresAt!) - Date.parse(lastView.createdAt)).toBe(60_000);

    // Only the three holds moved stock: 2 + 1 + 3 units, nothing for the refused ones.
    expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({
      onHand: stockBefore.onHand,
      reserved: stockBefore.reserved + 6,
    });
    const ids = [a.reservationId, short.reservationId, cmds[7]!.reservationId];
    const { rows: lines } = await h.pool.query(
      `SELECT reservation_id, sku, quantity FROM inventory.reservation_lines
        WHERE sku = $1 ORDER BY reservation_id`,
      [sku],
    );
    expect(tally(lines, (l) => l.reservation_id)).toEqual(
      Object.fromEntries(ids.map((id) => [id, 1])),
    );
    for (const cmd of [cmds[1]!, cmds[8]!]) {
      const { rowCount } = await h.pool.query(
        'SELECT 1 FROM inventory.reservations WHERE id = $1',
        [cmd.reservationId],
      );
      expect(rowCount).toBe(0);
    }

    // Audit: each hold has its own before and after, in arrival order, under its own request.
    const { rows: audit } = await h.pool.query(
      `SELECT reservation_id, old_reserved, new_reserved, request_id, actor, reason
         FROM inventory.stock_audit WHERE reservation_id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    const base = stockBefore.reserved;
    expect(audit).toEqual([
      {
        reservation_id: a.reservationId,
        old_reserved: base,
        new_reserved: base + 2,
        request_id: 'req-reserve-0',
        actor: 'order-service',
        reason: `held for order ${a.orderId}`,
      },
      {
        reservation_id: short.reservationId,
        old_reserved: base + 2,
        new_reserved: base + 3,
        request_id: 'req-reserve-6',
        actor: 'order-service',
        reason: `held for order ${short.orderId}`,
      },
      {
        reservation_id: cmds[7]!.reservationId,
        old_reserved: base + 3,
        new_reserved: base + 6,
        request_id: 'req-reserve-7',
        actor: 'order-service',
        reason: `held for order ${cmds[7]!.orderId}`,
      },
    ]);

    // Events: one stock.reserved per hold, in arrival order, each under its request id.
    const reserved = (await h.events('stock.reserved')).filter((e) => ids.includes(e.aggregate_id));
    expect(reserved.map((e) => [e.aggregate_id, e.request_id])).toEqual([
      [a.reservationId, 'req-reserve-0'],
      [short.reservationId, 'req-reserve-6'],
      [cmds[7]!.reservationId, 'req-reserve-7'],
    ]);
    expect(reserved[0]!.payload).toEqual({
      reservationId: a.reservationId,
      orderId: a.orderId,
      region: 'us-east-1',
      status: 'HELD',
      allocations: createdView.allocations,
      expiresAt: createdView.expiresAt,
      strategy: 'home-region',
    });
  });

  it('refuses a malformed command on its own: the rest of its batch is held', async () => {
    const sku = 'GR-1019';
    const good = command([{ sku, quantity: 1 }]);
    const bad: ReserveCommand[] = [
      command([{ sku, quantity: 0 }]),
      command([
        { sku, quantity: 1 },
        { sku, quantity: 1 },
      ]),
      command([{ sku, quantity: 1 }], { reservationId: 'not-a-uuid' }),
      command([{ sku, quantity: 1 }], { region: 'mars-1' as never }),
      command([{ sku, quantity: 1 }], { ttlSeconds: 10_000_000 }),
    ];
    const answers = await oneBatch(
      'reserve',
      [good, ...bad].map((c) => () => h.handles.reservations.reserve(c, SERVICE)),
    );
    expect(answers[0]).toMatchObject({ ok: true, value: { created: true } });
    for (const answer of answers.slice(1)) {
      expect(answer).toMatchObject({ ok: false, status: 400, code: 'VALIDATION_FAILED' });
    }
    // An upper-case id is the same reservation (stored lower-case), also inside a batch.
    const upper = await h.handles.reservations.reserve(
      { ...good, reservationId: good.reservationId.toUpperCase() },
      SERVICE,
    );
    expect(upper).toEqual({ created: false, reservation: valueOf(answers[0]).reservation });
  });

  it('takes at most RESERVATION_BATCH_MAX commands per batch', async () => {
    const small = await startTestService(inventoryDefinition, {
      databaseUrl: h.db.url,
      env: {
        JWKS_URL: h.identity.jwksUrl,
        RESERVATION_SWEEP_INTERVAL_MS: '3600000',
        RESERVATION_BATCH_MAX: '3',
      },
    });
    try {
      const sku = 'GR-1016';
      await h.setStock(sku, { 'wh-us-east-1': 10, 'wh-eu-west-1': 0 });
      const replies = await Promise.all(
        Array.from({ length: 30 }, () =>
          fetch(`${small.url}/reservations`, {
            method: 'POST',
            headers: { authorization: `Bearer ${h.service}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              reservationId: randomUUID(),
              orderId: 'order-small-batches',
              region: 'us-east-1',
              lines: [{ sku, quantity: 1 }],
            }),
          }).then((r) => r.status),
        ),
      );
      expect(tally(replies, String)).toEqual({ '201': 10, '409': 20 });
      expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({ onHand: 10, reserved: 10 });
      const metrics = await fetch(`${small.url}/metrics`).then((r) => r.text());
      // 30 commands, at most 3 per batch: at least 10 batches.
      expect(
        metricSum(metrics, 'inventory_stock_batches_total', ['op="reserve"', 'result="committed"']),
      ).toBeGreaterThanOrEqual(10);
      expect(metricSum(metrics, 'inventory_stock_batch_commands_total', ['op="reserve"'])).toBe(30);
    } finally {
      await small.stop();
    }
  });

  it('emits stock.low once, for the hold that takes a row across its threshold', async () => {
    const sku = 'GR-1021';
    await h.setStock(sku, { 'wh-us-east-1': 24, 'wh-eu-west-1': 0 }); // threshold 20
    const cmds = [1, 2, 2, 1].map((quantity) => command([{ sku, quantity }]));
    const answers = await oneBatch(
      'reserve',
      cmds.map((c) => () => h.handles.reservations.reserve(c, SERVICE)),
    );
    expect(answers.every((a) => a.ok)).toBe(true);
    const low = (await h.events('stock.low')).filter(
      (e) => e.aggregate_id === sku && e.payload.warehouseId === 'wh-us-east-1',
    );
    // available 24 -> 23 -> 21 -> 19 (crossed: 21 > 20 >= 19) -> 18 (already low: no event)
    expect(low.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        warehouseId: 'wh-us-east-1',
        onHand: 24,
        reserved: 5,
        available: 19,
        threshold: 20,
      }),
    ]);
    expect(low[0]!.request_id).toBe('req-reserve-2');
  });

  it('a batch that fails in the database fails every command in it and writes nothing', async () => {
    const sku = 'GR-1022';
    await h.pool.query(`
      CREATE FUNCTION inventory.test_explode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.reason = 'held for order explode' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_explode BEFORE INSERT ON inventory.stock_audit
        FOR EACH ROW EXECUTE FUNCTION inventory.test_explode();`);
    try {
      const cmds = [
        command([{ sku, quantity: 1 }]),
        command([{ sku, quantity: 2 }], { orderId: 'explode' }),
        command([{ sku: 'GR-1001', quantity: 1 }]),
        command([{ sku: 'GR-9999', quantity: 1 }]),
      ];
      const before = await h.snapshot();
      const answers = await oneBatch(
        'reserve',
        cmds.map((c) => () => h.handles.reservations.reserve(c, SERVICE)),
      );
      for (const answer of answers) {
        expect(answer).toMatchObject({ ok: false, status: 500 });
        expect(answer.ok ? undefined : answer.error?.message).toMatch(/simulated failure/);
      }
      expect(await h.snapshot()).toEqual(before);

      // Over HTTP the caller sees a 5xx, and still nothing is written.
      const reply = await h.reserve([{ sku, quantity: 1 }], { orderId: 'explode' });
      expect(reply.status).toBe(500);
      expect(await h.snapshot()).toEqual(before);

      // Callers retry with the same ids once the fault is gone.
      await h.pool.query('DROP TRIGGER test_explode ON inventory.stock_audit');
      const retried = await Promise.all(
        cmds.map((c) => settle(h.handles.reservations.reserve(c, SERVICE))),
      );
      expect(retried.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', 'ok', 'UNKNOWN_SKU']);
    } finally {
      await h.pool.query('DROP TRIGGER IF EXISTS test_explode ON inventory.stock_audit');
      await h.pool.query('DROP FUNCTION IF EXISTS inventory.test_explode()');
    }
  });

  it('runs the batch again when another transaction inserts one of its ids meanwhile', async () => {
    const sku = 'GR-1006';
    const before = await h.stockRow(sku, 'wh-us-east-1');
    const racedId = randomUUID();
    const other = h.pool.connect();
    const client = await other;
    try {
      await client.query('BEGIN');
      // Another instance's hold of the same id, not committed yet.
      await client.query(
        `INSERT INTO inventory.reservations (id, order_id, region, status, expires_at, created_by)
         VALUES ($1, 'order-elsewhere', 'us-east-1', 'HELD', now() + interval '15 minutes', 'test')`,
        [racedId],
      );
      const raced = command([{ sku, quantity: 2 }], { reservationId: racedId });
      const bystander = command([{ sku, quantity: 1 }]);
      const answers = Promise.all(
        [raced, bystander].map((c) => settle(h.handles.reservations.reserve(c, SERVICE))),
      );
      // Wait until the batch is blocked inserting that id, then let the other one commit.
      await eventually(async () => {
        const { rows } = await h.pool.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%INSERT INTO inventory.reservations%'`,
        );
        return rows.length > 0;
      });
      await client.query('COMMIT');
      const [racedAnswer, bystanderAnswer] = await answers;

      expect(racedAnswer).toMatchObject({
        ok: true,
        value: {
          created: false,
          reservation: { reservationId: racedId, orderId: 'order-elsewhere', allocations: [] },
        },
      });
      expect(bystanderAnswer).toMatchObject({ ok: true, value: { created: true } });
      // Only the bystander's unit is held: the raced command held nothing.
      expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({
        onHand: before.onHand,
        reserved: before.reserved + 1,
      });
      const metrics = await fetch(`${h.svc.url}/metrics`).then((r) => r.text());
      expect(
        metricSum(metrics, 'inventory_stock_batches_total', ['op="reserve"', 'result="rerun"']),
      ).toBe(1);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  });

  it('two instances on one database racing the same ids hold each exactly once', async () => {
    const second: TestService<InventoryConfig> = await startTestService(inventoryDefinition, {
      databaseUrl: h.db.url,
      env: {
        JWKS_URL: h.identity.jwksUrl,
        DB_POOL_MAX: '20',
        RESERVATION_SWEEP_INTERVAL_MS: '3600000',
      },
    });
    try {
      const sku = 'GR-1007';
      const before = await h.stockRow(sku, 'wh-us-east-1');
      const ids = Array.from({ length: 10 }, () => randomUUID());
      const replies = await Promise.all(
        Array.from({ length: 80 }, (_, i) =>
          fetch(`${Math.floor(i / ids.length) % 2 === 0 ? h.svc.url : second.url}/reservations`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${h.service}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              reservationId: ids[i % ids.length],
              orderId: `order-${i % ids.length}`,
              region: 'us-east-1',
              lines: [{ sku, quantity: 1 }],
            }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json })),
        ),
      );
      expect(tally(replies, (r) => String(r.status))).toEqual({ '201': 10, '200': 70 });
      for (const id of ids) {
        const mine = replies.filter((r) => r.body.reservationId === id);
        expect(mine).toHaveLength(8);
        for (const r of mine) expect(r.body).toEqual(mine[0]!.body);
      }
      expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({
        onHand: before.onHand,
        reserved: before.reserved + 10,
      });
    } finally {
      await second.stop();
    }
  });
});

describe('group commit of commits', () => {
  const expire = (ids: string[]) =>
    h.pool.query(
      "UPDATE inventory.reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])",
      [ids],
    );

  it('answers each command of a mixed batch like a commit of its own', async () => {
    const sku = 'GR-1008';
    const before = await h.stockRow(sku, 'wh-us-east-1');
    const holds = await Promise.all([1, 2, 3, 4].map((quantity) => h.reserve([{ sku, quantity }])));
    const [first, second, late, released] = holds.map((r) => r.body.reservationId as string);
    const committedEarlier = (await h.reserve([{ sku: 'GR-1009', quantity: 1 }])).body
      .reservationId as string;
    expect(
      (await h.call('POST', `/reservations/${committedEarlier}/commit`, { token: h.service }))
        .status,
    ).toBe(200);
    await h.call('POST', `/reservations/${released}/release`, { token: h.service });
    await expire([late!]);
    const missing = randomUUID();

    const ids = [first, second, first, late, late, released, committedEarlier, missing];
    const answers = await oneBatch(
      'commit',
      ids.map((id) => () => h.handles.reservations.commit(id!, SERVICE)),
    );
    const [c1, c2, c1again, expired, expiredAgain, rel, earlier, notFound] = answers;
    expect(c1).toMatchObject({ ok: true, value: { reservationId: first, status: 'COMMITTED' } });
    expect(c2).toMatchObject({ ok: true, value: { reservationId: second, status: 'COMMITTED' } });
    expect(c1again).toEqual(c1);
    expect(expired).toMatchObject({
      ok: false,
      status: 409,
      code: 'RESERVATION_NOT_HELD',
      details: { status: 'EXPIRED' },
    });
    expect(expiredAgain).toMatchObject({ ok: false, status: 409, details: { status: 'EXPIRED' } });
    expect(rel).toMatchObject({ ok: false, status: 409, details: { status: 'RELEASED' } });
    expect(earlier).toMatchObject({ ok: true, value: { status: 'COMMITTED' } });
    expect(notFound).toMatchObject({ ok: false, status: 404, code: 'NOT_FOUND' });

    // 1 + 2 shipped, 3 returned by the expiry, 4 returned by the earlier release.
    expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({
      onHand: before.onHand - 3,
      reserved: before.reserved,
    });
    for (const answer of [c1, c2]) {
      const view = valueOf(answer);
      const stored = await h.call('GET', `/reservations/${view.reservationId}`, {
        token: h.service,
      });
      expect(stored.body).toEqual(view);
    }
    const { rows: audit } = await h.pool.query(
      `SELECT reservation_id, change, actor, old_on_hand, new_on_hand, old_reserved, new_reserved, request_id
         FROM inventory.stock_audit
        WHERE reservation_id = ANY($1::uuid[]) AND change <> 'reserve' ORDER BY id`,
      [[first, second, late]],
    );
    const r0 = before.reserved + 10 - 4; // the released hold gave its 4 back earlier
    expect(audit).toEqual([
      {
        reservation_id: first,
        change: 'commit',
        actor: 'order-service',
        old_on_hand: before.onHand,
        new_on_hand: before.onHand - 1,
        old_reserved: r0,
        new_reserved: r0 - 1,
        request_id: 'req-commit-0',
      },
      {
        reservation_id: second,
        change: 'commit',
        actor: 'order-service',
        old_on_hand: before.onHand - 1,
        new_on_hand: before.onHand - 3,
        old_reserved: r0 - 1,
        new_reserved: r0 - 3,
        request_id: 'req-commit-1',
      },
      {
        reservation_id: late,
        change: 'expire',
        actor: 'reservation-sweeper',
        old_on_hand: before.onHand - 3,
        new_on_hand: before.onHand - 3,
        old_reserved: r0 - 3,
        new_reserved: r0 - 6,
        request_id: 'req-commit-3',
      },
    ]);
    const committed = (await h.events('stock.committed')).filter((e) =>
      [first, second].includes(e.aggregate_id),
    );
    expect(committed.map((e) => e.aggregate_id)).toEqual([first, second]);
    const expiredEvents = (await h.events('stock.released')).filter((e) => e.aggregate_id === late);
    expect(expiredEvents.map((e) => e.payload.reason)).toEqual(['expired']);
  });
});
