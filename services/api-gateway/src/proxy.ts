import type { Agent, ClientRequest } from 'node:http';
import { AppError, currentRequestId, type Logger } from '@globalretail/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware, type Plugin } from 'http-proxy-middleware';
import type { UpstreamName } from './config';
import type { GatewayMetrics } from './metrics';
import { upstreamPath, type GatewayRoute } from './route-table';

export interface UpstreamProxyOptions {
  urls: Record<UpstreamName, string>;
  /** Until the upstream's response headers; a response that has begun streams freely. */
  timeoutMs: number;
  agent: Agent;
  logger: Logger;
  metrics: GatewayMetrics;
}

const TIMEOUT_CODE = 'GATEWAY_UPSTREAM_TIMEOUT';
const ROUTE_KEY = 'gatewayRoute';

/**
 * What the upstream should know about the original request: the request id (the caller's
 * when it was sane, else the one made here) and the forwarding chain. X-Forwarded-For keeps
 * only the hops this gateway trusts (`trust proxy`: loopback and private addresses, such as
 * the ingress) plus the peer itself, so a client cannot plant an address that crm-api's
 * per-address sign-in lock would then believe.
 */
export const setForwardingHeaders: RequestHandler = (req, res, next) => {
  const requestId = currentRequestId() ?? res.getHeader('x-request-id');
  if (requestId) req.headers['x-request-id'] = String(requestId);
  const peer = req.socket.remoteAddress;
  req.headers['x-forwarded-for'] = [...req.ips, ...(peer ? [peer] : [])].join(', ');
  req.headers['x-forwarded-proto'] = req.protocol;
  req.headers['x-forwarded-host'] = req.host;
  next();
};

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The body parsers have read the request (the kit's JSON parser, then a raw one for other
 * types, both under BODY_LIMIT), so the stream the proxy would pipe is spent: write the
 * body out again. Raw bytes go as received; JSON is re-serialized, which any JSON reader
 * upstream sees as the same document.
 */
function writeBufferedBody(proxyReq: ClientRequest, req: Request): void {
  if (!req.readableEnded || req.headers['content-length'] === '0') return;
  let bytes: Buffer;
  if (Buffer.isBuffer(req.body)) {
    bytes = req.body;
  } else if (req.body !== undefined && req.is(JSON_TYPES)) {
    bytes = Buffer.from(JSON.stringify(req.body), 'utf8');
    const type = req.headers['content-type'] ?? 'application/json';
    if (/charset=/i.test(type) && !/charset="?utf-8"?/i.test(type))
      proxyReq.setHeader(
        'content-type',
        `${type.replace(/;\s*charset=[^;]*/i, '')}; charset=utf-8`,
      );
  } else {
    return;
  }
  // The parsers inflated gzip/deflate bodies and de-chunked them: describe what is sent now.
  proxyReq.removeHeader('transfer-encoding');
  proxyReq.removeHeader('content-encoding');
  proxyReq.setHeader('content-length', bytes.length);
  proxyReq.write(bytes);
}

function failureOf(err: Error & { code?: string }, upstream: string, timeoutMs: number): AppError {
  if (err.code === TIMEOUT_CODE) {
    return new AppError(
      504,
      'UPSTREAM_TIMEOUT',
      `${upstream} did not answer within ${timeoutMs} ms; try again`,
    );
  }
  return new AppError(
    503,
    'UPSTREAM_UNAVAILABLE',
    `${upstream} is unavailable (${err.code ?? err.message}); try again`,
  );
}

/**
 * The reverse proxy (http-proxy-middleware over httpxy), one instance for all routes: each
 * route's handler names the route, the proxy's router and path rewriter read it. Responses
 * stream through as they arrive (server-sent events included); an upstream that does not
 * start answering within the timeout is a 504 and one that cannot be reached a 503, both as
 * the kit's error JSON. The default plugins are replaced because their error answer is plain
 * text with a status derived from the socket error.
 */
export function createUpstreamProxy(
  options: UpstreamProxyOptions,
): (route: GatewayRoute) => RequestHandler {
  const { urls, timeoutMs, logger, metrics } = options;
  const routeOf = (res: Response | undefined): GatewayRoute => res?.locals[ROUTE_KEY];

  const gatewayPlugin: Plugin<Request, Response> = (proxy) => {
    proxy.on('proxyReq', (proxyReq, req) => {
      writeBufferedBody(proxyReq, req);
      const timer = setTimeout(() => {
        proxyReq.destroy(
          Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: TIMEOUT_CODE }),
        );
      }, timeoutMs);
      const clear = () => clearTimeout(timer);
      proxyReq.once('response', clear);
      proxyReq.once('close', clear);
    });
    proxy.on('proxyRes', (proxyRes) => {
      // Hop-by-hop: the upstream's keep-alive terms are for our connection to it, not the client's.
      delete proxyRes.headers['keep-alive'];
    });
    proxy.on('error', (err: Error & { code?: string }, req, res) => {
      // Without a response object (a WebSocket upgrade, not used here) there is nothing to answer.
      if (!res || !('writeHead' in res)) return;
      if (res.destroyed) return; // the caller has gone; nothing to tell
      const route = routeOf(res);
      const failure = failureOf(err, route.upstream, timeoutMs);
      metrics.upstreamFailures.inc({ upstream: route.upstream, code: failure.code });
      (req?.log ?? logger).warn(
        { upstream: route.upstream, group: route.group, code: err.code, err: err.message },
        failure.message,
      );
      if (res.headersSent) {
        // The answer had begun: cut it so the client sees a broken response, not a short one.
        res.destroy();
        return;
      }
      res.status(failure.status).json(failure.toJSON());
    });
  };

  const proxy = createProxyMiddleware<Request, Response>({
    // Replaced per request by `router`; http-proxy-middleware insists on a target up front.
    target: urls['crm-ui'],
    router: (_req, res) => urls[routeOf(res).upstream],
    pathRewrite: (path, _req, res) => upstreamPath(routeOf(res), path),
    changeOrigin: true,
    agent: options.agent,
    ejectPlugins: true,
    plugins: [gatewayPlugin],
  });

  return (route) => (req, res, next) => {
    res.locals[ROUTE_KEY] = route;
    // Errors are answered by the plugin; a rejection here would be a bug, passed to Express.
    proxy(req, res, next).catch(next);
  };
}
