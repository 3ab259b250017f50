/** What the portal's inventory plugin reads and does: the stock overview, history, adjust-for. */
import { serviceToken } from '@globalretail/service-kit/testing';
import { Harness, type Json } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

const portal = serviceToken('portal');

describe('GET /inventory', () => {
  it('lists every active product with its stock per warehouse in one answer', async () => {
    const reply = await h.call('GET', '/inventory');
    expect(reply.status).toBe(200);
    const products: Json[] = reply.body.products;
    expect(products.length).toBeGreaterThanOrEqual(24);
    const skus = products.map((p) => p.sku);
    expect(skus).toEqual([...skus].sort());
    const single = await h.call('GET', '/inventory/GR-1001');
    expect(products.find((p) => p.sku === 'GR-1001')).toEqual(single.body);
  });

  it('rejects a malformed filter with 400', async () => {
    const reply = await h.call('GET', '/inventory?includeInactive=maybe');
    expect(reply.status).toBe(400);
  });
});

describe('adjusting on behalf of a person, and the history', () => {
  it('records the service and the person it acts for, newest first', async () => {
    const put = await h.call('PUT', '/inventory/GR-1009', {
      token: portal,
      body: {
        warehouseId: 'wh-us-east-1',
        onHand: 321,
        reason: 'delivery',
        onBehalfOf: 'user:default/ops',
      },
    });
    expect(put.status).toBe(200);
    const history = await h.call('GET', '/inventory/GR-1009/history?change=adjust', {
      token: portal,
    });
    expect(history.status).toBe(200);
    expect(history.body.entries[0]).toMatchObject({
      sku: 'GR-1009',
      warehouseId: 'wh-us-east-1',
      change: 'adjust',
      newOnHand: 321,
      actorKind: 'service',
      actor: 'portal',
      actorId: 'user:default/ops',
      reason: 'delivery',
    });
    expect(history.body.entries.every((e: Json) => e.change === 'adjust')).toBe(true);
  });

  it('refuses onBehalfOf from an operator, writing nothing', async () => {
    const before = await h.snapshot();
    const put = await h.call('PUT', '/inventory/GR-1009', {
      token: h.operator,
      body: { warehouseId: 'wh-us-east-1', onHand: 5, onBehalfOf: 'someone else' },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe('ON_BEHALF_OF_NOT_ALLOWED');
    expect(await h.snapshot()).toEqual(before);
  });

  it('keeps the history for staff: anonymous 401, unknown product 404', async () => {
    expect((await h.call('GET', '/inventory/GR-1009/history')).status).toBe(401);
    expect((await h.call('GET', '/inventory/NOPE-404/history', { token: portal })).status).toBe(
      404,
    );
  });
});
