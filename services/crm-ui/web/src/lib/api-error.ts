import { parseErrorBody } from './parse';

/**
 * An answer that is not a success. `status` 0 means no answer at all (network down, timeout),
 * so the caller cannot know whether the server acted.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Retry-After in seconds (the delta form; the HTTP-date form is rare enough to ignore). */
export function retryAfterOf(headers: { get(name: string): string | null }): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** The platform's error body as an ApiError, or a generic one for answers that are not JSON. */
export function apiErrorFrom(status: number, body: unknown, retryAfterSeconds?: number): ApiError {
  const parsed = parseErrorBody(body);
  if (parsed) {
    return new ApiError(status, parsed.code, parsed.message, parsed.details, retryAfterSeconds);
  }
  return new ApiError(
    status,
    `HTTP_${status}`,
    `the server answered ${status}`,
    undefined,
    retryAfterSeconds,
  );
}
