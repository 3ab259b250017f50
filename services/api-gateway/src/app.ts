import { Agent } from 'node:http';
import {
  AppError,
  JwksKeyStore,
  createServiceApp,
  finishApp,
  type Lifecycle,
  type Logger,
  type Metrics,
} from '@globalretail/service-kit';
import express, { type Express, type RequestHandler } from 'express';
import { SERVICE_NAME, upstreamUrls, type GatewayConfig } from './config';
import {
  addressKey,
  apiContentSecurityPolicy,
  clientKey,
  corsPolicy,
  edgeKeyStore,
  identifyCaller,
  rateLimiter,
  refuseAmbiguousPaths,
  refuseBadToken,
  requireAccess,
  securityHeaders,
} from './edge';
import { createGatewayMetrics, type GatewayMetrics } from './metrics';
import { gatewayDocument } from './openapi';
import { createUpstreamProxy, setForwardingHeaders } from './proxy';
import { API_PREFIX, ROUTES, expressPath, type GatewayRoute } from './route-table';

export interface GatewayAppOptions {
  config: GatewayConfig;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
}

function countRequests(route: GatewayRoute, metrics: GatewayMetrics): RequestHandler {
  return (_req, res, next) => {
    // 'close' comes once per response: finished, failed, or a stream the client ended.
    res.once('close', () =>
      metrics.requests.inc({
        group: route.group,
        upstream: route.upstream,
        status: String(res.statusCode),
      }),
    );
    next();
  };
}

/**
 * The gateway app. In order: the kit's request id, logs, RED metrics, JSON body parser and
 * health routes; then a raw body parser for other types (same size limit), path hygiene,
 * security headers, CORS, token check, rate limits, and per route: access rule, forwarding
 * headers, the proxy. `/api/...` paths no route claims are a JSON 404 here; every other
 * path belongs to crm-ui (its single-page app decides).
 */
export function createGatewayApp({
  config,
  logger,
  metrics,
  lifecycle,
}: GatewayAppOptions): Express {
  const gatewayMetrics = createGatewayMetrics(metrics);
  // Kept-alive connections to the upstreams: no TCP handshake per request.
  const agent = new Agent({ keepAlive: true });
  lifecycle.onShutdown('upstream connections', () => agent.destroy());

  const app = createServiceApp({
    service: SERVICE_NAME,
    logger,
    metrics,
    lifecycle,
    bodyLimit: config.BODY_LIMIT,
  });
  app.use(express.raw({ type: () => true, limit: config.BODY_LIMIT }));
  const openapi = gatewayDocument(ROUTES);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use(refuseAmbiguousPaths);
  app.use(securityHeaders);
  app.use(...corsPolicy(config.CORS_ORIGINS, gatewayMetrics));
  app.use(identifyCaller(edgeKeyStore(new JwksKeyStore(config.JWKS_URL))));
  app.use(
    rateLimiter({
      name: 'requests',
      limit: config.RATE_LIMIT_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      key: clientKey,
      metrics: gatewayMetrics,
    }),
  );
  // Sign-in guesses are limited per address whatever token the request carries.
  app.post(
    '/api/auth/login',
    rateLimiter({
      name: 'sign-in',
      limit: config.LOGIN_RATE_LIMIT_MAX,
      windowMs: config.LOGIN_RATE_LIMIT_WINDOW_MS,
      key: addressKey,
      metrics: gatewayMetrics,
    }),
  );
  app.use(refuseBadToken(gatewayMetrics));

  const proxyTo = createUpstreamProxy({
    urls: upstreamUrls(config),
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    agent,
    logger,
    metrics: gatewayMetrics,
  });
  const mount = (route: GatewayRoute) => {
    app.all(
      expressPath(route),
      ...(route.kind === 'api' ? [apiContentSecurityPolicy] : []),
      countRequests(route, gatewayMetrics),
      requireAccess(route, gatewayMetrics),
      setForwardingHeaders,
      proxyTo(route),
    );
  };
  ROUTES.filter((r) => r.kind === 'api').forEach(mount);
  app.all(`${API_PREFIX}{/*rest}`, apiContentSecurityPolicy, (req, _res, next) => {
    next(new AppError(404, 'ROUTE_NOT_FOUND', `no API at ${req.method} ${req.path}`));
  });
  ROUTES.filter((r) => r.kind === 'page').forEach(mount);
  return finishApp(app);
}
