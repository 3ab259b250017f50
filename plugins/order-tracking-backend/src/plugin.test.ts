/**
 * The order-tracking backend plugin in a Backstage test backend, against the real order core
 * (crm-api, order-service, inventory-service, logistics-service on real PostgreSQL and HTTP).
 */
import { randomUUID } from 'node:crypto';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { login, placeOrder, startStack, type Stack } from '../../../tools/test/system/stack';
import { orderTrackingPlugin } from './plugin';

let stack: Stack;
let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
let placed: { id: string; trackingNumbers: string[] };

const servicesConfig = (s: Stack) => ({
  globalretail: {
    services: {
      crmApi: s.crm.url,
      orderService: s.orders.url,
      logisticsService: s.logistics.url,
      inventoryService: s.inventory.url,
    },
  },
});

beforeAll(async () => {
  stack = await startStack();
  const ava = await login(stack, 'ava@globalretail.example');
  const res = await placeOrder(stack, ava.token, randomUUID(), {
    lines: [{ sku: 'GR-1003', quantity: 1 }],
  });
  expect(res.status).toBe(201);
  placed = res.json as unknown as typeof placed;
  ({ server } = await startTestBackend({
    features: [
      orderTrackingPlugin,
      mockServices.rootConfig.factory({ data: servicesConfig(stack) }),
      // Without this the test backend treats a request with no token as a signed-in user.
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  }));
});
afterAll(async () => {
  await stack?.stop();
});

const get = (path: string) =>
  request(server)
    .get(`/api/order-tracking${path}`)
    .set('Authorization', mockCredentials.user.header());

describe('order-tracking backend', () => {
  it('lists recent orders with their status, newest first', async () => {
    const res = await get('/orders?limit=5');
    expect(res.status).toBe(200);
    expect(res.body.orders[0]).toMatchObject({
      id: placed.id,
      status: 'CONFIRMED',
      customerEmail: 'ava@globalretail.example',
    });
  });

  it('finds an order by its id, its customer email and its tracking number', async () => {
    const tracking = placed.trackingNumbers[0]!;
    for (const q of [placed.id, 'AVA@globalretail.example', tracking.toLowerCase()]) {
      const res = await get(`/orders?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.orders.map((o: { id: string }) => o.id)).toContain(placed.id);
    }
    const none = await get(`/orders?q=${randomUUID()}`);
    expect(none.body.orders).toEqual([]);
  });

  it("shows an order's saga steps and its shipment timeline", async () => {
    const res = await get(`/orders/${placed.id}`);
    expect(res.status).toBe(200);
    expect(res.body.unavailable).toEqual([]);
    expect(res.body.saga.status).toBe('CONFIRMED');
    expect(res.body.saga.log.map((e: { step: string }) => e.step)).toEqual(
      expect.arrayContaining([expect.stringMatching(/reserve/i)]),
    );
    expect(res.body.shipments).toHaveLength(placed.trackingNumbers.length);
    expect(res.body.shipments[0].trackingNumber).toBe(placed.trackingNumbers[0]);
    expect(res.body.shipments[0].events.length).toBeGreaterThan(0);
    // Each event carries when it happened (logistics-service calls it occurredAt).
    for (const event of res.body.shipments[0].events)
      expect(new Date(event.at).toISOString()).toBe(event.at);
  });

  it('answers 400 for a search that is no id, email or tracking number, 404 for no order', async () => {
    const bad = await get('/orders?q=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect((await get(`/orders/${randomUUID()}`)).status).toBe(404);
    expect((await get('/orders/not-a-uuid')).status).toBe(400);
  });

  it('refuses callers without a user credential', async () => {
    const res = await request(server).get('/api/order-tracking/orders');
    expect(res.status).toBe(401);
    const service = await request(server)
      .get('/api/order-tracking/orders')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });

  it('names what is missing when a service is down instead of failing the page', async () => {
    const { server: degraded } = await startTestBackend({
      features: [
        orderTrackingPlugin,
        mockServices.rootConfig.factory({
          data: {
            globalretail: {
              ...servicesConfig(stack).globalretail,
              services: {
                ...servicesConfig(stack).globalretail.services,
                orderService: 'http://127.0.0.1:9',
              },
              timeoutMs: 500,
            },
          },
        }),
      ],
    });
    const res = await request(degraded)
      .get(`/api/order-tracking/orders/${placed.id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.saga).toBeNull();
    expect(res.body.unavailable).toEqual(['saga (order-service)']);
    expect(res.body.shipments).toHaveLength(1);
  });
});
