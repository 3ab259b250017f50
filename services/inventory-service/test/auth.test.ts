import { randomUUID } from 'node:crypto';
import { serviceToken } from '@globalretail/service-kit/testing';
import { Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

const adjust = { warehouseId: 'wh-eu-west-1', onHand: 77, reason: 'cycle count' };

describe('who may change stock', () => {
  it('PUT /inventory needs an operator or service credential', async () => {
    const before = await h.snapshot();
    const anonymous = await h.call('PUT', '/inventory/GR-1007', { body: adjust });
    expect(anonymous.status).toBe(401);
    const customer = await h.call('PUT', '/inventory/GR-1007', {
      token: h.identity.customerToken(randomUUID()),
      body: adjust,
    });
    expect(customer.status).toBe(403);
    expect(customer.body.error.code).toBe('FORBIDDEN');
    const forged = await h.call('PUT', '/inventory/GR-1007', {
      token: serviceToken('order-service', 'not-the-real-secret-at-all'),
      body: adjust,
    });
    expect(forged.status).toBe(401);
    const garbage = await h.call('PUT', '/inventory/GR-1007', {
      token: 'abc.def.ghi',
      body: adjust,
    });
    expect(garbage.status).toBe(401);
    expect(await h.snapshot()).toEqual(before);
  });

  it("an operator's change is audited with the operator's identity and the request id", async () => {
    const reply = await h.call('PUT', '/inventory/GR-1007', {
      token: h.operator,
      body: adjust,
      headers: { 'x-request-id': 'req-audit-42' },
    });
    expect(reply.status).toBe(200);
    const eu = reply.body.warehouses.find(
      (w: { warehouseId: string }) => w.warehouseId === 'wh-eu-west-1',
    );
    expect(eu).toMatchObject({ onHand: 77, reserved: 0, available: 77 });
    const { rows } = await h.pool.query(
      "SELECT * FROM inventory.stock_audit WHERE sku = 'GR-1007' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toMatchObject({
      warehouse_id: 'wh-eu-west-1',
      old_on_hand: 90,
      new_on_hand: 77,
      change: 'adjust',
      actor_kind: 'operator',
      actor: 'dana.ops@globalretail.example',
      actor_id: 'ops-7',
      reason: 'cycle count',
      request_id: 'req-audit-42',
    });
    const [event] = (await h.events('stock.adjusted')).slice(-1);
    expect(event).toMatchObject({
      aggregate_id: 'GR-1007',
      request_id: 'req-audit-42',
      payload: {
        previousOnHand: 90,
        onHand: 77,
        actor: { kind: 'operator', name: 'dana.ops@globalretail.example' },
      },
    });
  });

  it("a service's change is audited with the service's name", async () => {
    const reply = await h.call('PUT', '/inventory/GR-1007', {
      token: serviceToken('warehouse-sync'),
      body: { warehouseId: 'wh-us-east-1', onHand: 131 },
    });
    expect(reply.status).toBe(200);
    const { rows } = await h.pool.query(
      "SELECT actor_kind, actor, actor_id, reason FROM inventory.stock_audit WHERE sku = 'GR-1007' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({
      actor_kind: 'service',
      actor: 'warehouse-sync',
      actor_id: null,
      reason: 'stock level set',
    });
  });

  it('reservations are for services; operators may only read them', async () => {
    const body = {
      reservationId: randomUUID(),
      orderId: 'order-auth-1',
      region: 'us-east-1',
      lines: [{ sku: 'GR-1001', quantity: 1 }],
    };
    const before = await h.snapshot();
    expect((await h.call('POST', '/reservations', { body })).status).toBe(401);
    expect(
      (
        await h.call('POST', '/reservations', {
          token: h.identity.customerToken(randomUUID()),
          body,
        })
      ).status,
    ).toBe(403);
    expect((await h.call('POST', '/reservations', { token: h.operator, body })).status).toBe(403);
    expect(await h.snapshot()).toEqual(before);

    const held = await h.call('POST', '/reservations', { token: h.service, body });
    expect(held.status).toBe(201);
    const path = `/reservations/${body.reservationId}`;
    expect((await h.call('GET', path)).status).toBe(401);
    expect(
      (await h.call('GET', path, { token: h.identity.customerToken(randomUUID()) })).status,
    ).toBe(403);
    expect((await h.call('GET', path, { token: h.operator })).status).toBe(200);
    for (const action of ['commit', 'release']) {
      expect((await h.call('POST', `${path}/${action}`)).status).toBe(401);
      expect((await h.call('POST', `${path}/${action}`, { token: h.operator })).status).toBe(403);
    }
    expect((await h.call('GET', path, { token: h.service })).body.status).toBe('HELD');
  });
});
