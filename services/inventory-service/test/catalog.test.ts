import { Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

describe('catalogue and stock reads (anyone)', () => {
  it('lists the demo catalogue with availability per region', async () => {
    const reply = await h.call('GET', '/products');
    expect(reply.status).toBe(200);
    const products = reply.body.products;
    expect(products).toHaveLength(24);
    expect(products[0]).toEqual({
      sku: 'GR-1001',
      name: "Men's Classic Oxford Shirt",
      description: expect.any(String),
      category: 'apparel',
      priceCents: 3999,
      currency: 'USD',
      active: true,
      availability: { 'us-east-1': 420, 'eu-west-1': 180 },
      totalAvailable: 600,
    });
    const onlyUs = products.find((p: { sku: string }) => p.sku === 'GR-1023');
    expect(onlyUs.availability).toEqual({ 'us-east-1': 140, 'eu-west-1': 0 });
    const grocery = await h.call('GET', '/products?category=grocery');
    expect(grocery.body.products.map((p: { sku: string }) => p.sku)).toEqual([
      'GR-1019',
      'GR-1020',
      'GR-1021',
      'GR-1022',
    ]);
    expect((await h.call('GET', '/products?category=DROP%20TABLE')).status).toBe(400);
  });

  it('shows one product, warehouses, and per-warehouse stock', async () => {
    const product = await h.call('GET', '/products/GR-1024');
    expect(product.body).toMatchObject({
      sku: 'GR-1024',
      availability: { 'us-east-1': 0, 'eu-west-1': 160 },
    });
    expect((await h.call('GET', '/products/GR-9999')).status).toBe(404);
    expect((await h.call('GET', '/products/not%20a%20sku')).status).toBe(400);

    const warehouses = await h.call('GET', '/warehouses');
    expect(warehouses.body.warehouses).toEqual([
      {
        id: 'wh-eu-west-1',
        name: 'Global Retail Dublin DC',
        region: 'eu-west-1',
        city: 'Dublin',
        country: 'IE',
      },
      {
        id: 'wh-us-east-1',
        name: 'Global Retail Columbus DC',
        region: 'us-east-1',
        city: 'Columbus',
        country: 'US',
      },
    ]);

    const stock = await h.call('GET', '/inventory/GR-1024');
    expect(stock.body).toMatchObject({
      sku: 'GR-1024',
      warehouses: [
        { warehouseId: 'wh-eu-west-1', onHand: 160, reserved: 0, available: 160, low: false },
        { warehouseId: 'wh-us-east-1', onHand: 0, reserved: 0, available: 0, updatedAt: null },
      ],
      byRegion: { 'eu-west-1': { onHand: 160 }, 'us-east-1': { onHand: 0 } },
      totals: { onHand: 160, reserved: 0, available: 160 },
    });
    expect((await h.call('GET', '/inventory/GR-9999')).status).toBe(404);
  });

  it('an order of region-exclusive products is split into one shipment per region', async () => {
    const reply = await h.reserve(
      [
        { sku: 'GR-1023', quantity: 2 },
        { sku: 'GR-1024', quantity: 1 },
        { sku: 'GR-1001', quantity: 1 },
      ],
      { region: 'eu-west-1' },
    );
    expect(reply.status).toBe(201);
    // GR-1001 goes with the home-region shipment rather than making a third.
    expect(reply.body.allocations).toEqual([
      {
        warehouseId: 'wh-eu-west-1',
        region: 'eu-west-1',
        lines: [
          { sku: 'GR-1001', quantity: 1 },
          { sku: 'GR-1024', quantity: 1 },
        ],
      },
      {
        warehouseId: 'wh-us-east-1',
        region: 'us-east-1',
        lines: [{ sku: 'GR-1023', quantity: 2 }],
      },
    ]);
    const [event] = (await h.events('stock.reserved')).slice(-1);
    expect(event!.payload).toMatchObject({
      strategy: 'split',
      reservationId: reply.body.reservationId,
    });
    const product = await h.call('GET', '/products/GR-1023');
    expect(product.body.availability).toEqual({ 'us-east-1': 138, 'eu-west-1': 0 });
  });

  it('stock set by PUT reports a low-stock event once, when it falls to the threshold', async () => {
    const put = (onHand: number) =>
      h.call('PUT', '/inventory/GR-1012', {
        token: h.operator,
        body: { warehouseId: 'wh-us-east-1', onHand, reason: 'recount' },
      });
    expect((await put(11)).status).toBe(200);
    expect(await h.events('stock.low')).toHaveLength(0);
    const fell = await put(10);
    expect(
      fell.body.warehouses.find((w: { warehouseId: string }) => w.warehouseId === 'wh-us-east-1'),
    ).toMatchObject({
      available: 10,
      low: true,
    });
    expect((await put(9)).status).toBe(200);
    const low = await h.events('stock.low');
    expect(low).toHaveLength(1);
    expect(low[0]!.payload).toMatchObject({
      sku: 'GR-1012',
      warehouseId: 'wh-us-east-1',
      available: 10,
      threshold: 10,
    });

    // Setting the level it already has changes nothing, so nothing is written.
    const before = await h.snapshot();
    expect((await put(9)).status).toBe(200);
    expect(await h.snapshot()).toEqual(before);
  });

  it('a hold that takes stock to its threshold reports it low', async () => {
    // Dublin has 12 of GR-1012 with a threshold of 10.
    const reply = await h.reserve([{ sku: 'GR-1012', quantity: 2 }], { region: 'eu-west-1' });
    expect(reply.body.allocations[0].warehouseId).toBe('wh-eu-west-1');
    const low = (await h.events('stock.low')).filter(
      (e) => e.payload.warehouseId === 'wh-eu-west-1',
    );
    expect(low.map((e) => e.payload.available)).toEqual([10]);
  });

  it('PUT creates the stock row for a warehouse that never had the product', async () => {
    const before = await h.snapshot();
    const zero = await h.call('PUT', '/inventory/GR-1024', {
      token: h.service,
      body: { warehouseId: 'wh-us-east-1', onHand: 0 },
    });
    expect(zero.status).toBe(200);
    expect(await h.snapshot()).toEqual(before);

    const reply = await h.call('PUT', '/inventory/GR-1024', {
      token: h.service,
      body: { warehouseId: 'wh-us-east-1', onHand: 25, reason: 'first delivery' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.byRegion['us-east-1']).toEqual({ onHand: 25, reserved: 0, available: 25 });
    const { rows } = await h.pool.query(
      "SELECT old_on_hand, new_on_hand FROM inventory.stock_audit WHERE sku = 'GR-1024' AND warehouse_id = 'wh-us-east-1'",
    );
    expect(rows).toEqual([{ old_on_hand: 0, new_on_hand: 25 }]);
  });

  it('GET /openapi.json lists every route with its callers', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /products',
        'GET /products/{sku}',
        'GET /warehouses',
        'GET /inventory',
        'GET /inventory/{productId}',
        'PUT /inventory/{productId}',
        'GET /inventory/{productId}/history',
        'POST /reservations',
        'GET /reservations/{id}',
        'POST /reservations/{id}/commit',
        'POST /reservations/{id}/release',
      ].sort(),
    );
    expect(doc.paths['/reservations'].post['x-allowed-callers']).toEqual(['service']);
    expect(doc.paths['/inventory/{productId}'].put['x-allowed-callers']).toEqual([
      'operator',
      'service',
    ]);
    expect(
      doc.paths['/reservations'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['reservationId', 'orderId', 'region', 'lines']));
  });
});
