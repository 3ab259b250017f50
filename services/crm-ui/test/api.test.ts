import { createApiClient, type FetchLike, type RequestInitLike } from '../web/src/lib/api';
import { ApiError } from '../web/src/lib/api-error';
import {
  automaticRetryDelayMs,
  initialCheckout,
  settleCheckout,
  startCheckout,
} from '../web/src/lib/checkout';
import type { OrderRequest } from '../web/src/lib/types';
import { errorBody, order, product } from './fixtures';

interface Call {
  url: string;
  init: RequestInitLike;
}

/** A fetch that records calls and answers from a script. */
function fakeFetch(
  answer: (call: Call) => {
    status: number;
    body?: unknown;
    text?: string;
    headers?: Record<string, string>;
  },
) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    const call = { url, init };
    calls.push(call);
    const a = answer(call);
    const headers = new Map(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: a.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => a.text ?? (a.body === undefined ? '' : JSON.stringify(a.body)),
    };
  };
  return { fetch, calls };
}

const loginAnswer = {
  token: 'jwt-token',
  tokenType: 'Bearer',
  expiresIn: 3600,
  user: {
    id: 'c0000000-0000-4000-8000-000000000001',
    email: 'ava@globalretail.example',
    name: 'Ava Thompson',
    role: 'customer',
    region: 'us-east-1',
  },
};

describe('the API client', () => {
  it('signs in with a JSON POST to /api/auth/login and reads the token and user', async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 200, body: loginAnswer }));
    const api = createApiClient({ fetch, token: () => null });
    const login = await api.login('ava@globalretail.example', 'demo-password');
    expect(login).toEqual({ token: 'jwt-token', expiresIn: 3600, user: loginAnswer.user });
    expect(calls[0]!.url).toBe('/api/auth/login');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(calls[0]!.init.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(calls[0]!.init.body!)).toEqual({
      email: 'ava@globalretail.example',
      password: 'demo-password',
    });
  });

  it('turns error answers into ApiErrors with code, details and Retry-After', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 429,
      body: errorBody('TOO_MANY_ATTEMPTS', 'slow down'),
      headers: { 'Retry-After': '120' },
    }));
    const onUnauthenticated = jest.fn();
    const api = createApiClient({ fetch, token: () => null, onUnauthenticated });
    await expect(api.login('a@b.example', 'x')).rejects.toMatchObject({
      name: 'ApiError',
      status: 429,
      code: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 120,
    });

    const wrong = createApiClient({
      fetch: fakeFetch(() => ({ status: 401, body: errorBody('INVALID_CREDENTIALS') })).fetch,
      token: () => null,
      onUnauthenticated,
    });
    await expect(wrong.login('a@b.example', 'x')).rejects.toMatchObject({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    // A wrong password is not an expired session.
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('sends the bearer token on customer calls and reports a 401 as a lost session', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.startsWith('/api/orders/')
        ? { status: 401, body: errorBody('UNAUTHENTICATED') }
        : { status: 200, body: { orders: [order()] } },
    );
    const onUnauthenticated = jest.fn();
    const api = createApiClient({ fetch, token: () => 'jwt-token', onUnauthenticated });
    const orders = await api.customerOrders('c0000000-0000-4000-8000-000000000001');
    expect(orders).toEqual([order()]);
    expect(calls[0]!.url).toBe(
      '/api/customers/c0000000-0000-4000-8000-000000000001/orders?limit=50',
    );
    expect(calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer jwt-token' });
    await expect(api.order('x')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('reads products, orders and tracking, escaping path parameters', async () => {
    const tracking = {
      trackingNumber: 'GRFG52M9CYT7KYZX0DC',
      status: 'IN_TRANSIT',
      carrier: 'UPS',
      serviceLevel: 'standard',
      estimatedDeliveryAt: '2026-01-12T12:00:00.000Z',
      origin: { region: 'us-east-1', city: 'Columbus', country: 'US' },
      destination: { city: 'New York', country: 'US' },
      events: [
        {
          status: 'LABEL_CREATED',
          description: 'Label created',
          location: 'Columbus, US',
          occurredAt: '2026-01-10T12:00:00.000Z',
        },
      ],
    };
    const { fetch, calls } = fakeFetch((call) => {
      if (call.url === '/api/products') return { status: 200, body: { products: [product()] } };
      if (call.url.startsWith('/api/tracking/')) return { status: 200, body: tracking };
      return { status: 200, body: order() };
    });
    const api = createApiClient({ fetch, token: () => 't' });
    expect(await api.products()).toEqual([product()]);
    expect(await api.tracking('GR/../x')).toEqual(tracking);
    expect(await api.order('a b')).toEqual(order());
    expect(calls.map((c) => c.url)).toEqual([
      '/api/products',
      '/api/tracking/GR%2F..%2Fx',
      '/api/orders/a%20b',
    ]);
    expect(calls[1]!.init.headers).not.toHaveProperty('authorization');
  });

  it('refuses answers that do not match the contract with one clear error', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 200,
      body: { products: [{ ...product(), priceCents: '39.99' }] },
    }));
    await expect(createApiClient({ fetch, token: () => null }).products()).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringContaining('products[0].priceCents'),
    });
  });

  it('reports no answer as status 0 (network) and a non-JSON error page by its status', async () => {
    const down = createApiClient({
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
      token: () => null,
    });
    await expect(down.products()).rejects.toMatchObject({ status: 0, code: 'NETWORK' });

    const slow = createApiClient({
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
        ),
      token: () => null,
      timeoutMs: 20,
    });
    await expect(slow.products()).rejects.toMatchObject({ status: 0, code: 'TIMEOUT' });

    const proxy = createApiClient({
      fetch: fakeFetch(() => ({ status: 502, text: '<html>Bad Gateway</html>' })).fetch,
      token: () => null,
    });
    await expect(proxy.products()).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('places an order with its Idempotency-Key and never throws', async () => {
    const body: OrderRequest = {
      lines: [{ sku: 'GR-1001', quantity: 2 }],
      serviceLevel: 'standard',
    };
    const { fetch, calls } = fakeFetch(() => ({ status: 201, body: order() }));
    const api = createApiClient({ fetch, token: () => 'jwt-token' });
    expect(await api.placeOrder(body, 'key-1')).toEqual({ kind: 'confirmed', order: order() });
    expect(calls[0]).toMatchObject({
      url: '/api/orders',
      init: {
        method: 'POST',
        headers: { 'idempotency-key': 'key-1', authorization: 'Bearer jwt-token' },
      },
    });
    expect(JSON.parse(calls[0]!.init.body!)).toEqual(body);

    const broken = createApiClient({
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
      token: () => 't',
    });
    expect(await broken.placeOrder(body, 'key-1')).toMatchObject({
      kind: 'unavailable',
      error: { status: 0 },
    });
  });
});

/**
 * crm-api's idempotency as the contract describes it: the first request with a key places
 * the order; a retry with the same key and body gets the first answer; another body is 422.
 */
function fakeCrmApi(options: { loseAnswers: number; unavailable: number }) {
  const answers = new Map<string, { status: number; body: unknown; request: string }>();
  let ordersPlaced = 0;
  let { loseAnswers, unavailable } = options;
  const { fetch, calls } = fakeFetch((call) => {
    if (unavailable > 0) {
      unavailable--;
      return { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') };
    }
    const key = (call.init.headers ?? {})['idempotency-key']!;
    const stored = answers.get(key);
    if (stored) {
      if (stored.request !== call.init.body) {
        return { status: 422, body: errorBody('IDEMPOTENCY_KEY_REUSED') };
      }
    } else {
      ordersPlaced++;
      answers.set(key, {
        status: 201,
        body: order({ id: `order-${ordersPlaced}` }),
        request: call.init.body!,
      });
    }
    return answers.get(key)!;
  });
  // The order is placed, but the answer never reaches the browser (connection reset).
  const lossy: FetchLike = async (url, init) => {
    const answer = await fetch(url, init);
    if (loseAnswers > 0 && answer.status === 201) {
      loseAnswers--;
      throw new TypeError('network connection was lost');
    }
    return answer;
  };
  return { fetch: lossy, calls, placed: () => ordersPlaced };
}

describe('checkout against an idempotent crm-api over a bad network', () => {
  const request: OrderRequest = {
    lines: [{ sku: 'GR-1001', quantity: 1 }],
    serviceLevel: 'standard',
  };

  async function checkoutLikeTheApp(
    api: ReturnType<typeof createApiClient>,
    state = initialCheckout(),
  ) {
    const started = startCheckout(state, request, () => crypto.randomUUID());
    let outcome = await api.placeOrder(request, started.send!.key);
    for (let retries = 0; automaticRetryDelayMs(outcome, retries) !== null; retries++) {
      outcome = await api.placeOrder(request, started.send!.key);
    }
    return settleCheckout(started.state, outcome);
  }

  it('a lost answer is retried with the same key: one order, and the customer sees it', async () => {
    const crm = fakeCrmApi({ loseAnswers: 1, unavailable: 0 });
    const api = createApiClient({ fetch: crm.fetch, token: () => 't' });
    const effects = await checkoutLikeTheApp(api);
    expect(crm.placed()).toBe(1);
    expect(crm.calls).toHaveLength(2);
    const sentKeys = crm.calls.map((c) => c.init.headers!['idempotency-key']);
    expect(sentKeys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sentKeys[1]).toBe(sentKeys[0]);
    expect(effects).toMatchObject({ clearCart: true, goTo: '/orders/order-1' });
  });

  it('503s, a lost answer and the customer pressing again still place exactly one order', async () => {
    const crm = fakeCrmApi({ loseAnswers: 2, unavailable: 2 });
    const api = createApiClient({ fetch: crm.fetch, token: () => 't' });
    let effects = await checkoutLikeTheApp(api); // 503, 503 (one automatic retry)
    expect(effects.state.phase).toBe('needs-retry');
    expect(crm.placed()).toBe(0);
    effects = await checkoutLikeTheApp(api, effects.state); // placed, answer lost; retry lost too
    expect(effects.state.phase).toBe('needs-retry');
    expect(crm.placed()).toBe(1);
    effects = await checkoutLikeTheApp(api, effects.state); // the replay comes through
    expect(effects).toMatchObject({ clearCart: true, goTo: '/orders/order-1' });
    expect(crm.placed()).toBe(1);
    expect(new Set(crm.calls.map((c) => c.init.headers!['idempotency-key'])).size).toBe(1);
  });
});
