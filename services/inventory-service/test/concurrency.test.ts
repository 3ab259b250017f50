import { randomUUID } from 'node:crypto';
import { Harness, tally, type Reply } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

describe('no overselling under concurrency', () => {
  it('200 concurrent one-unit holds on 50 units: exactly 50 succeed, then all commit', async () => {
    const sku = 'GR-1005';
    await h.setStock(sku, { 'wh-us-east-1': 50, 'wh-eu-west-1': 0 });

    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        h.reserve([{ sku, quantity: 1 }], {
          orderId: `load-${i}`,
          region: i % 2 === 0 ? 'us-east-1' : 'eu-west-1',
        }),
      ),
    );

    expect(tally(replies, (r) => String(r.status))).toEqual({ '201': 50, '409': 150 });
    for (const refused of replies.filter((r) => r.status === 409)) {
      expect(refused.body.error.code).toBe('INSUFFICIENT_STOCK');
      expect(refused.body.error.details).toEqual([{ sku, requested: 1, available: 0 }]);
    }
    const held = replies.filter((r) => r.status === 201);
    for (const r of held) {
      expect(r.body.status).toBe('HELD');
      expect(r.body.allocations).toEqual([
        { warehouseId: 'wh-us-east-1', region: 'us-east-1', lines: [{ sku, quantity: 1 }] },
      ]);
    }
    expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({ onHand: 50, reserved: 50 });
    expect(await h.stockRow(sku, 'wh-eu-west-1')).toEqual({ onHand: 0, reserved: 0 });
    const inventory = await h.call('GET', `/inventory/${sku}`);
    expect(inventory.body.totals).toEqual({ onHand: 50, reserved: 50, available: 0 });
    // Refused holds left nothing behind.
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n FROM inventory.reservations r
         JOIN inventory.reservation_lines l ON l.reservation_id = r.id WHERE l.sku = $1`,
      [sku],
    );
    expect(rows[0].n).toBe(50);
    expect(await h.events('stock.reserved')).toHaveLength(50);

    const commits = await Promise.all(
      held.map((r) =>
        h.call('POST', `/reservations/${r.body.reservationId}/commit`, { token: h.service }),
      ),
    );
    expect(commits.map((c) => c.status)).toEqual(held.map(() => 200));
    expect(commits.every((c) => c.body.status === 'COMMITTED')).toBe(true);
    expect(await h.stockRow(sku, 'wh-us-east-1')).toEqual({ onHand: 0, reserved: 0 });
    expect(await h.events('stock.committed')).toHaveLength(50);

    // The business counters saw the same story as the database.
    const metrics = await fetch(`${h.svc.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/inventory_reservations_total\{result="held"[^}]*\} 50/);
    expect(metrics).toMatch(/inventory_reservations_total\{result="insufficient"[^}]*\} 150/);
    expect(metrics).toMatch(/inventory_reservation_commits_total\{result="committed"[^}]*\} 50/);
  });

  it('multi-line orders are all-or-nothing: never a partial hold, sums always match', async () => {
    const stock = {
      'GR-1001': { 'wh-us-east-1': 30, 'wh-eu-west-1': 20 },
      'GR-1002': { 'wh-us-east-1': 25, 'wh-eu-west-1': 15 },
    };
    for (const [sku, levels] of Object.entries(stock)) await h.setStock(sku, levels);

    const orders = Array.from({ length: 80 }, (_, i) => ({
      reservationId: randomUUID(),
      region: i % 3 === 0 ? 'eu-west-1' : 'us-east-1',
      lines: [
        { sku: 'GR-1001', quantity: 2 + (i % 2) },
        { sku: 'GR-1002', quantity: 2 + ((i >> 1) % 2) },
      ],
    }));
    const replies: Reply[] = await Promise.all(
      orders.map((o) => h.reserve(o.lines, { reservationId: o.reservationId, region: o.region })),
    );

    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const held = new Map<string, Reply>();
    replies.forEach((r, i) => {
      if (r.status === 201) held.set(orders[i]!.reservationId, r);
      else expect(r.body.error.code).toBe('INSUFFICIENT_STOCK');
    });
    expect(held.size).toBeGreaterThan(0);
    expect(held.size).toBeLessThan(orders.length);

    // Each successful hold covers every line exactly; each refused one holds nothing.
    for (const order of orders) {
      const reply = held.get(order.reservationId);
      const { rows } = await h.pool.query(
        'SELECT sku, sum(quantity)::int AS q FROM inventory.reservation_lines WHERE reservation_id = $1 GROUP BY sku ORDER BY sku',
        [order.reservationId],
      );
      if (!reply) {
        expect(rows).toEqual([]);
        continue;
      }
      expect(rows).toEqual(order.lines.map((l) => ({ sku: l.sku, q: l.quantity })));
      const fromAnswer = tallyQuantities(reply.body.allocations);
      expect(fromAnswer).toEqual(Object.fromEntries(order.lines.map((l) => [l.sku, l.quantity])));
    }

    // What the stock rows say is held equals what the reservations hold, warehouse by warehouse.
    const { rows: mismatches } = await h.pool.query(`
      SELECT s.sku, s.warehouse_id, s.on_hand, s.reserved, coalesce(sum(l.quantity), 0)::int AS held
        FROM inventory.stock s
        LEFT JOIN inventory.reservation_lines l
          ON l.sku = s.sku AND l.warehouse_id = s.warehouse_id
         AND l.reservation_id IN (SELECT id FROM inventory.reservations WHERE status = 'HELD')
       WHERE s.sku IN ('GR-1001', 'GR-1002')
       GROUP BY s.sku, s.warehouse_id, s.on_hand, s.reserved
      HAVING s.reserved <> coalesce(sum(l.quantity), 0) OR s.reserved > s.on_hand`);
    expect(mismatches).toEqual([]);
    for (const [sku, levels] of Object.entries(stock)) {
      for (const [warehouseId, onHand] of Object.entries(levels)) {
        const row = await h.stockRow(sku, warehouseId);
        expect(row.onHand).toBe(onHand);
        expect(row.reserved).toBeLessThanOrEqual(onHand);
      }
    }
  });
});

function tallyQuantities(
  allocations: { lines: { sku: string; quantity: number }[] }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of allocations) for (const l of a.lines) out[l.sku] = (out[l.sku] ?? 0) + l.quantity;
  return out;
}
