import { SERVICE_NAME } from './config';
import { accessFor, type GatewayRoute } from './route-table';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ACCESS_TEXT = {
  anyone: 'anyone',
  'signed-in': 'a customer or operator token',
  operator: 'an operator token',
} as const;

interface Variant {
  openApiPath: string;
  /** A concrete public path of the variant, to look its access rule up. */
  samplePath: string;
  upstreamPath: string;
  sub: boolean;
}

function variantsOf(route: GatewayRoute): Variant[] {
  const upstreamBase = route.strip ? route.path.slice(route.strip.length) || '/' : route.path;
  const own = { openApiPath: route.path, samplePath: route.path, upstreamPath: upstreamBase };
  if (route.exact) return [{ ...own, sub: false }];
  const base = route.path === '/' ? '' : route.path;
  return [
    { ...own, sub: false },
    {
      openApiPath: `${base}/{rest}`,
      samplePath: `${base}/rest`,
      upstreamPath: `${upstreamBase === '/' ? '' : upstreamBase}/{rest}`,
      sub: true,
    },
  ];
}

function operation(route: GatewayRoute, method: string, variant: Variant) {
  const { upstreamPath, sub } = variant;
  const access = accessFor(route, method.toUpperCase(), variant.samplePath);
  const responses: Record<string, unknown> = {
    '200': {
      description: `The answer of ${route.upstream} (status, headers and body as it sent them)`,
    },
    '400': errorResponse('BAD_PATH (dot segments), INVALID_JSON'),
    '413': errorResponse('PAYLOAD_TOO_LARGE: the body is over BODY_LIMIT'),
    '429': errorResponse('RATE_LIMITED, with Retry-After'),
    '503': errorResponse(`UPSTREAM_UNAVAILABLE: ${route.upstream} cannot be reached`),
    '504': errorResponse(`UPSTREAM_TIMEOUT: ${route.upstream} did not answer in time`),
  };
  if (access !== 'anyone') responses['401'] = errorResponse('UNAUTHENTICATED: no or a bad token');
  if (access === 'operator') responses['403'] = errorResponse('FORBIDDEN: not an operator');
  return {
    summary: route.summary,
    description: `Forwarded to ${route.upstream} ${upstreamPath}. Who: ${ACCESS_TEXT[access]}.`,
    tags: [route.group],
    ...(sub
      ? {
          parameters: [
            {
              name: 'rest',
              in: 'path',
              required: true,
              description: 'The rest of the path, forwarded as is',
              schema: { type: 'string' },
            },
          ],
        }
      : {}),
    ...(access === 'anyone' ? {} : { security: [{ bearer: [] }] }),
    'x-upstream': route.upstream,
    'x-upstream-path': upstreamPath,
    'x-access': access,
    responses,
  };
}

/** The gateway's OpenAPI 3.1 document, generated from the route table it routes with. */
export function gatewayDocument(routes: readonly GatewayRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    for (const variant of variantsOf(route)) {
      const item: Record<string, unknown> = {};
      for (const method of route.methods) item[method] = operation(route, method, variant);
      paths[variant.openApiPath] = item;
    }
  }
  const own = (summary: string) => ({
    get: { summary, tags: ['gateway'], responses: { '200': { description: summary } } },
  });
  paths['/healthz'] = own('Liveness of the gateway process');
  paths['/readyz'] = own(
    "Each upstream's /readyz (ok / failing); 200 only while crm-api, inventory-service, logistics-service and order-service are ready, else 503",
  );
  paths['/metrics'] = own('Prometheus metrics (gateway_requests_total{group,upstream,status} ...)');
  paths['/openapi.json'] = own('This document');
  return {
    openapi: '3.1.0',
    info: {
      title: SERVICE_NAME,
      version: '1.0.0',
      description:
        'The single entry for browsers and API clients: the URL map below, token checks, rate and size limits, security headers. Paths under /api are forwarded with /api removed (/api/analytics/* with /api/analytics removed); pages are forwarded unchanged.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
