import type { ErrorRequestHandler, RequestHandler } from 'express';
import { getLogger } from './logger';

/**
 * The one error type of every service: an HTTP status, a stable machine-readable code,
 * a message for people and optional details. Rendered as
 * `{ "error": { "code", "message", "details" } }` by {@link errorMiddleware}.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'authentication required') =>
  new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'not allowed') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (what: string, id?: string) =>
  new AppError(
    404,
    'NOT_FOUND',
    id === undefined ? `${what} not found` : `${what} ${id} not found`,
  );
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
export const serviceUnavailable = (code: string, message: string, details?: unknown) =>
  new AppError(503, code, message, details);

interface PgLikeError {
  code?: string;
}

/** Maps errors that are not AppErrors (body parser, PostgreSQL) onto client-meaningful ones. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as {
    type?: string;
    status?: number;
    expose?: boolean;
    message?: string;
  } & PgLikeError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return badRequest('INVALID_JSON', 'request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(413, 'PAYLOAD_TOO_LARGE', 'request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'UNSUPPORTED_ENCODING', e.message ?? 'unsupported encoding');
  }
  switch (e?.code) {
    case '25006': // read_only_sql_transaction: a standby database
      return serviceUnavailable(
        'READ_ONLY_REGION',
        'this region is read-only (standby); retry against the primary',
      );
    case '57014': // query_canceled (statement_timeout)
      return serviceUnavailable('DATABASE_TIMEOUT', 'the database did not answer in time');
    case '53300': // too_many_connections
    case '57P01': // admin_shutdown
    case '08006':
    case '08001':
      return serviceUnavailable('DATABASE_UNAVAILABLE', 'the database is not reachable');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new AppError(e.status, 'BAD_REQUEST', e.message ?? 'bad request');
  }
  return new AppError(500, 'INTERNAL', 'internal error');
}

export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  const appError = toAppError(err);
  const log = req.log ?? getLogger();
  if (appError.status >= 500) log.error({ err }, 'request failed');
  else log.debug({ code: appError.code }, appError.message);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(appError.status).json(appError.toJSON());
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'ROUTE_NOT_FOUND', `no route for ${req.method} ${req.path}`));
};
