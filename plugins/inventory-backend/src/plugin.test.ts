/**
 * The inventory backend plugin in a Backstage test backend against the real inventory-service
 * (in-process, real HTTP, a fresh copy of the seeded database).
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { inventoryDefinition } from '@globalretail/inventory-service';
import {
  createTestDatabase,
  startTestService,
  type TestDatabase,
  type TestService,
} from '@globalretail/service-kit/testing';
import request from 'supertest';
import { inventoryPlugin } from './plugin';

let db: TestDatabase;
let inventory: TestService<unknown>;

beforeAll(async () => {
  db = await createTestDatabase();
  inventory = await startTestService(inventoryDefinition, {
    databaseUrl: db.url,
    env: { RESERVATION_SWEEP_INTERVAL_MS: '3600000' },
  });
});
afterAll(async () => {
  await inventory?.stop();
  await db?.drop();
});

async function backend(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const { server } = await startTestBackend({
    features: [
      inventoryPlugin,
      mockServices.rootConfig.factory({
        data: { globalretail: { services: { inventoryService: inventory.url } } },
      }),
      mockServices.permissions.factory({ result }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}

const asUser = (req: request.Test) => req.set('Authorization', mockCredentials.user.header());

const onHand = async (sku: string, warehouseId: string) =>
  (
    await db.pool.query<{ on_hand: number }>(
      'SELECT on_hand FROM inventory.stock WHERE sku = $1 AND warehouse_id = $2',
      [sku, warehouseId],
    )
  ).rows[0]?.on_hand;

describe('inventory backend', () => {
  it('shows stock per SKU and warehouse with reserved, available and low flags', async () => {
    const server = await backend(AuthorizeResult.DENY);
    const res = await asUser(request(server).get('/api/inventory/stock'));
    expect(res.status).toBe(200);
    const product = res.body.products.find((p: { sku: string }) => p.sku === 'GR-1001');
    expect(product.warehouses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          warehouseId: 'wh-us-east-1',
          onHand: expect.any(Number),
          reserved: expect.any(Number),
          available: expect.any(Number),
          low: expect.any(Boolean),
        }),
      ]),
    );
  });

  it('lets a permitted user adjust stock, audited in their name', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const res = await asUser(
      request(server)
        .post('/api/inventory/stock/GR-1002/adjust')
        .send({ warehouseId: 'wh-eu-west-1', onHand: 42, reason: 'cycle count' }),
    );
    expect(res.status).toBe(200);
    expect(await onHand('GR-1002', 'wh-eu-west-1')).toBe(42);
    const history = await asUser(request(server).get('/api/inventory/stock/GR-1002/history'));
    expect(history.body.entries[0]).toMatchObject({
      change: 'adjust',
      newOnHand: 42,
      actor: 'portal',
      actorId: mockCredentials.user().principal.userEntityRef,
      reason: 'cycle count',
    });
  });

  it('refuses a user without the permission with 403, changing nothing', async () => {
    const server = await backend(AuthorizeResult.DENY);
    const before = await onHand('GR-1002', 'wh-us-east-1');
    const res = await asUser(
      request(server)
        .post('/api/inventory/stock/GR-1002/adjust')
        .send({ warehouseId: 'wh-us-east-1', onHand: before! + 5, reason: 'not mine to do' }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/operators/);
    expect(await onHand('GR-1002', 'wh-us-east-1')).toBe(before);
    // Whatever they send: the refusal is about who they are, not about the input.
    const invalid = await asUser(
      request(server).post('/api/inventory/stock/gr%201002/adjust').send({ onHand: -1 }),
    );
    expect(invalid.status).toBe(403);
  });

  it('answers bad input with 400 and a reason, unknown products with 404', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const cases = [
      { sku: 'GR-1002', body: { warehouseId: 'wh-us-east-1', onHand: -1, reason: 'oops' } },
      { sku: 'GR-1002', body: { warehouseId: 'wh-us-east-1', onHand: 3 } },
      { sku: 'GR-1002', body: { warehouseId: 'nowhere', onHand: 3, reason: 'typo' } },
      { sku: 'gr 1002', body: { warehouseId: 'wh-us-east-1', onHand: 3, reason: 'typo' } },
    ];
    for (const c of cases) {
      const res = await asUser(
        request(server)
          .post(`/api/inventory/stock/${encodeURIComponent(c.sku)}/adjust`)
          .send(c.body),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
    const missing = await asUser(
      request(server)
        .post('/api/inventory/stock/NOPE-0001/adjust')
        .send({ warehouseId: 'wh-us-east-1', onHand: 3, reason: 'no such' }),
    );
    expect(missing.status).toBe(404);
  });

  it('passes on why inventory-service refused: stock below what is reserved', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    await db.pool.query(
      "UPDATE inventory.stock SET on_hand = 20, reserved = 10 WHERE sku = 'GR-1004' AND warehouse_id = 'wh-us-east-1'",
    );
    const res = await asUser(
      request(server)
        .post('/api/inventory/stock/GR-1004/adjust')
        .send({ warehouseId: 'wh-us-east-1', onHand: 5, reason: 'count' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/STOCK_BELOW_RESERVED/);
  });

  it('refuses anonymous callers', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    expect((await request(server).get('/api/inventory/stock')).status).toBe(401);
  });
});
