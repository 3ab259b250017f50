/**
 * The API client of the app. Every URL is relative (`/api/...`): the browser only ever talks
 * to the gateway, which owns the URL map. Free of DOM and React so it runs under Jest in Node.
 */
import { ApiError, apiErrorFrom, retryAfterOf } from './api-error';
import { classifyOrderAnswer, type OrderOutcome } from './checkout';
import {
  ShapeError,
  parseCustomer,
  parseLogin,
  parseOrder,
  parseOrders,
  parseProducts,
  parseTracking,
} from './parse';
import type { Customer, LoginResult, Order, OrderRequest, Product, Tracking } from './types';

export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export interface RequestInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
export type FetchLike = (url: string, init?: RequestInitLike) => Promise<ResponseLike>;

export { ApiError, apiErrorFrom, retryAfterOf };

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface ApiClientOptions {
  fetch: FetchLike;
  /** The signed-in customer's bearer token, if any. */
  token: () => string | null;
  /** Called when an authenticated call answers 401 (expired or revoked token). */
  onUnauthenticated?: () => void;
  timeoutMs?: number;
  /** crm-api may wait ~12 s for order-service before answering 202, so checkout waits longer. */
  orderTimeoutMs?: number;
}

interface Answer {
  status: number;
  body: unknown;
  retryAfterSeconds?: number;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const orderTimeoutMs = options.orderTimeoutMs ?? 20_000;

  async function send(
    method: string,
    url: string,
    init: { auth: boolean; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.auth) {
      const token = options.token();
      if (token) headers.authorization = `Bearer ${token}`;
    }
    let response: ResponseLike;
    let text: string;
    try {
      response = await options.fetch(url, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      const timedOut = (err as { name?: string })?.name === 'TimeoutError';
      throw new ApiError(
        0,
        timedOut ? 'TIMEOUT' : 'NETWORK',
        timedOut ? 'the server did not answer in time' : 'the server could not be reached',
      );
    }
    if (init.auth && response.status === 401) options.onUnauthenticated?.();
    return {
      status: response.status,
      body: parseJson(text),
      retryAfterSeconds: retryAfterOf(response.headers),
    };
  }

  async function request<T>(
    method: string,
    url: string,
    parse: (body: unknown) => T,
    init: { auth: boolean; body?: unknown },
  ): Promise<T> {
    const answer = await send(method, url, init);
    if (answer.status < 200 || answer.status >= 300) {
      throw apiErrorFrom(answer.status, answer.body, answer.retryAfterSeconds);
    }
    try {
      return parse(answer.body);
    } catch (err) {
      if (err instanceof ShapeError) {
        throw new ApiError(answer.status, 'BAD_RESPONSE', `unexpected answer: ${err.message}`);
      }
      throw err;
    }
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    login: (email: string, password: string): Promise<LoginResult> =>
      request('POST', '/api/auth/login', parseLogin, { auth: false, body: { email, password } }),

    products: (): Promise<Product[]> =>
      request('GET', '/api/products', parseProducts, { auth: false }),

    customer: (customerId: string): Promise<Customer> =>
      request('GET', `/api/customers/${id(customerId)}`, parseCustomer, { auth: true }),

    customerOrders: (customerId: string): Promise<Order[]> =>
      request('GET', `/api/customers/${id(customerId)}/orders?limit=50`, parseOrders, {
        auth: true,
      }),

    order: (orderId: string): Promise<Order> =>
      request('GET', `/api/orders/${id(orderId)}`, (b) => parseOrder(b), { auth: true }),

    tracking: (trackingNumber: string): Promise<Tracking> =>
      request('GET', `/api/tracking/${id(trackingNumber)}`, parseTracking, { auth: false }),

    /**
     * `POST /api/orders` with the checkout's Idempotency-Key. Never throws: every answer,
     * including none at all, becomes an {@link OrderOutcome} the checkout can act on.
     */
    async placeOrder(body: OrderRequest, idempotencyKey: string): Promise<OrderOutcome> {
      try {
        const answer = await send('POST', '/api/orders', {
          auth: true,
          body,
          headers: { 'idempotency-key': idempotencyKey },
          timeoutMs: orderTimeoutMs,
        });
        return classifyOrderAnswer(answer.status, answer.body, answer.retryAfterSeconds);
      } catch (err) {
        if (err instanceof ApiError) return { kind: 'unavailable', error: err };
        throw err;
      }
    },
  };
}
