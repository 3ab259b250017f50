import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  AppError,
  badRequest,
  forbidden,
  serviceUnavailable,
  unauthorized,
  verifyBearer,
  type Identity,
} from '@globalretail/service-kit';
import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { GatewayMetrics } from './metrics';
import { accessFor, type GatewayRoute } from './route-table';

/**
 * Refuses paths with dot segments or encoded separators: the gateway matches the raw path,
 * and an upstream (or anything between) that normalized `/api/products/../events` would
 * otherwise be reached at a path no route exposes.
 */
export const refuseAmbiguousPaths: RequestHandler = (req, _res, next) => {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(badRequest('BAD_PATH', 'the path is not valid percent-encoding'));
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
      return next(
        badRequest('BAD_PATH', 'dot segments and encoded separators are not allowed in paths'),
      );
    }
  }
  next();
};

/**
 * Helmet's headers on everything; no CSP here because the pages' CSP is the UI services' own
 * (they send it with every page and it passes through). The JSON APIs get a deny-all CSP.
 */
export const securityHeaders = helmet({ contentSecurityPolicy: false });
export const apiContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
});

/**
 * Cross-origin calls only from the configured UI origins (and same-origin ones, which
 * browsers also label with Origin on POSTs). Any other Origin is refused with 403 before
 * anything is forwarded: no foreign page can make the gateway act for it.
 */
export function corsPolicy(allowedOrigins: readonly string[], metrics: GatewayMetrics) {
  const allowed = new Set(allowedOrigins);
  const sameOrigin = (origin: string, req: Request) => origin === `${req.protocol}://${req.host}`;
  const guard: RequestHandler = (req, _res, next) => {
    const origin = req.header('origin');
    if (origin === undefined || allowed.has(origin) || sameOrigin(origin, req)) return next();
    metrics.refused.inc({ reason: 'cors' });
    next(new AppError(403, 'CORS_ORIGIN_DENIED', `origin ${origin} may not call this gateway`));
  };
  const headers = cors({
    origin: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy', 'location'],
    maxAge: 600,
  });
  return [guard, headers];
}

type KeyStore = { key(kid: string): Promise<KeyObject | undefined> };

/**
 * crm-api's keys, with "cannot fetch them" told apart from "the token is bad": the kit's
 * verifier would call both an invalid token (401), but a caller with a good token whose
 * keys are momentarily unreachable should hear 503 and retry.
 */
export function edgeKeyStore(inner: KeyStore): KeyStore {
  return {
    async key(kid) {
      try {
        return await inner.key(kid);
      } catch {
        throw serviceUnavailable(
          'UPSTREAM_UNAVAILABLE',
          'cannot check the token now: crm-api (token keys) is unreachable; try again',
        );
      }
    },
  };
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;
const AUTH_ERROR = Symbol('authError');
type WithAuthError = Request & { [AUTH_ERROR]?: AppError };

function tokenAlgorithm(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    return typeof header?.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a customer or operator token when one is sent and sets `req.auth`. A bad token is
 * not refused here but remembered, so that it still counts against the caller's address in
 * the rate limiter; {@link refuseBadToken} answers 401 right after. Service credentials are
 * for calls inside the cluster and are not accepted from outside.
 */
export function identifyCaller(keys: KeyStore): RequestHandler {
  // HS256 service tokens are refused before verification; this secret only fills the slot.
  const options = { serviceSecret: randomBytes(32).toString('hex'), userKeys: keys };
  return async (req, _res, next) => {
    const header = req.header('authorization');
    if (!header) return next();
    const match = BEARER.exec(header);
    try {
      if (!match) throw unauthorized('authorization header must be "Bearer <token>"');
      if (tokenAlgorithm(match[1]!) !== 'RS256')
        throw unauthorized('only customer and operator tokens (RS256, from crm-api) are accepted');
      req.auth = await verifyBearer(match[1]!, options);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.status !== 401) throw err;
      (req as WithAuthError)[AUTH_ERROR] = err;
    }
    next();
  };
}

export function refuseBadToken(metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    const error = (req as WithAuthError)[AUTH_ERROR];
    if (!error) return next();
    metrics.refused.inc({ reason: 'invalid_token' });
    res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
    next(error);
  };
}

function subjectOf(identity: Identity): string {
  switch (identity.kind) {
    case 'customer':
      return `customer:${identity.customerId}`;
    case 'operator':
      return `operator:${identity.userId}`;
    case 'service':
      return `service:${identity.service}`;
  }
}

/** The client address as a rate-limit key (IPv6 by /56 subnet: one host has many addresses). */
export function addressKey(req: Request): string {
  return `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}

/** The rate-limit key: who the token names, else the client address. */
export function clientKey(req: Request): string {
  return req.auth ? subjectOf(req.auth) : addressKey(req);
}

/**
 * A fixed-window limit per client, answered with the kit's error JSON, `Retry-After` and
 * the draft-7 `RateLimit` headers. Counts are per gateway process (memory store); with
 * several replicas each enforces its own share.
 */
export function rateLimiter(options: {
  name: string;
  limit: number;
  windowMs: number;
  key: (req: Request) => string;
  metrics: GatewayMetrics;
}): RequestHandler {
  const windowSeconds = Math.ceil(options.windowMs / 1000);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: options.key,
    handler: (_req, _res, next) => {
      options.metrics.refused.inc({ reason: `rate_limit_${options.name}` });
      next(
        new AppError(
          429,
          'RATE_LIMITED',
          `too many requests (${options.name}: at most ${options.limit} per ${windowSeconds} s); retry after the Retry-After delay`,
          { limit: options.limit, windowSeconds },
        ),
      );
    },
  });
}

/** Refuses callers the route does not admit, before anything is forwarded. */
export function requireAccess(route: GatewayRoute, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    const access = accessFor(route, req.method, req.path);
    if (access === 'anyone') return next();
    if (!req.auth) {
      metrics.refused.inc({ reason: 'unauthenticated' });
      res.setHeader('www-authenticate', 'Bearer');
      return next(unauthorized(`sign in first: ${req.method} ${req.path} needs a token`));
    }
    if (access === 'operator' && req.auth.kind !== 'operator') {
      metrics.refused.inc({ reason: 'forbidden' });
      return next(forbidden(`${req.method} ${req.path} needs an operator token`));
    }
    next();
  };
}
