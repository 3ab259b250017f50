import { request as undiciRequest } from 'undici';
import { AppError } from './errors';
import { currentRequestId, REQUEST_ID_HEADER } from './request-context';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path joined to the client's base URL, or a full URL. */
  path?: string;
  url?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Safe to send twice. GET/PUT/DELETE are; a POST is only when the server dedupes it (an
   * idempotency key or a client-chosen id). Only idempotent requests are retried.
   */
  idempotent?: boolean;
  timeoutMs?: number;
}

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export interface HttpClientOptions {
  /** Name of the service being called, for error messages. */
  target: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Attempts after the first, for idempotent requests only. */
  retries?: number;
  /** Returns the bearer token to send (a service credential). */
  token?: () => string;
}

/** An upstream answered with a 4xx: passed on to our caller as the same status and code. */
export class UpstreamError extends AppError {
  constructor(
    status: number,
    code: string,
    message: string,
    public readonly upstream: string,
    details?: unknown,
  ) {
    super(status, code, message, details);
  }
}

const RETRY_STATUSES = new Set([502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * JSON over HTTP between services: a timeout on every call, the request id forwarded,
 * the service credential attached, and retries with jittered backoff only where a repeat
 * cannot do harm. A 4xx becomes an {@link UpstreamError} with the upstream's code; an
 * unreachable or failing upstream becomes 503/504 `UPSTREAM_*`.
 */
export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const idempotent =
      req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE');
    const attempts = 1 + (idempotent ? (this.options.retries ?? 2) : 0);
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random()));
      try {
        const res = await this.once<T>(req);
        if (RETRY_STATUSES.has(res.status) && attempt < attempts - 1) {
          lastError = this.toError(res);
          continue;
        }
        if (res.status >= 400) throw this.toError(res);
        return res;
      } catch (err) {
        if (err instanceof AppError) throw err;
        lastError = err;
      }
    }
    if (lastError instanceof AppError) throw lastError;
    const timedOut = (lastError as Error)?.name === 'TimeoutError';
    throw new AppError(
      timedOut ? 504 : 503,
      timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      timedOut
        ? `${this.options.target} did not answer in time`
        : `${this.options.target} is unavailable: ${(lastError as Error)?.message ?? 'unknown error'}`,
    );
  }

  private async once<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = req.url ?? `${this.options.baseUrl ?? ''}${req.path ?? ''}`;
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    const token = this.options.token?.();
    if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? 5000;
    // undici's request API rather than fetch: keep-alive pooling without the WHATWG
    // "bad port" list, which blocks fetch to 6000 (order-service's port).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new TimeoutError(`${this.options.target} timed out`)),
      timeoutMs,
    );
    try {
      const res = await undiciRequest(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: controller.signal,
      });
      const text = await res.body.text();
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return {
        status: res.statusCode,
        body: body as T,
        headers: res.headers as Record<string, string | string[] | undefined>,
      };
    } catch (err) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private toError(res: HttpResponse<unknown>): AppError {
    const error = (res.body as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    if (res.status >= 500) {
      return new AppError(
        res.status === 504 ? 504 : 503,
        res.status === 504 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
        `${this.options.target} failed with ${res.status}${error?.message ? `: ${error.message}` : ''}`,
        error?.code ? { upstreamCode: error.code } : undefined,
      );
    }
    return new UpstreamError(
      res.status,
      error?.code ?? 'UPSTREAM_REJECTED',
      error?.message ?? `${this.options.target} answered ${res.status}`,
      this.options.target,
      error?.details,
    );
  }
}
