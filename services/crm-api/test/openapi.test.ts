import { type CrmApiUnderTest, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
beforeAll(async () => {
  crm = await startCrmApi();
});
afterAll(() => crm.stop());

describe('GET /openapi.json', () => {
  it('describes every route', async () => {
    const res = await crm.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const routes = Object.entries(res.body.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /auth/login',
        'GET /.well-known/jwks.json',
        'POST /customers',
        'GET /customers/{id}',
        'GET /customers/{id}/orders',
        'POST /orders',
        'GET /orders',
        'GET /orders/{id}',
        'POST /events',
      ].sort(),
    );
    const placeOrder = res.body.paths['/orders'].post;
    expect(placeOrder.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    expect(placeOrder['x-allowed-callers']).toEqual(['customer']);
    expect(Object.keys(placeOrder.responses)).toEqual(
      expect.arrayContaining(['201', '202', '409', '422']),
    );
  });
});
