import type { UpstreamName } from './config';

/** Who may send a request: no token needed, a customer or operator token, an operator token. */
export type Access = 'anyone' | 'signed-in' | 'operator';

export interface AccessRule {
  /** Methods the rule covers; all when absent. */
  methods?: readonly string[];
  /** Only the route's own path, not the paths below it (`POST /api/customers` is sign-up). */
  exactPath?: boolean;
  access: Access;
}

export interface GatewayRoute {
  /** Name of the route group: metric label, log field, OpenAPI tag. */
  group: string;
  /** The public path: this path and everything below it, or only itself when `exact`. */
  path: string;
  exact?: boolean;
  upstream: UpstreamName;
  /** Removed from the front of the path before forwarding; pages are forwarded unchanged. */
  strip?: string;
  /** First matching rule wins; every list ends with a rule for all methods. */
  access: readonly AccessRule[];
  kind: 'api' | 'page';
  summary: string;
  /**
   * The upstream's operations under this path, for the OpenAPI document. Every method is
   * forwarded (subject to `access`); the upstream answers those it does not have.
   */
  methods: readonly ('get' | 'post' | 'put' | 'delete')[];
}

const READ = ['GET', 'HEAD'] as const;
const readOpenWriteOperator: AccessRule[] = [
  { methods: READ, access: 'anyone' },
  { access: 'operator' },
];

/**
 * The public URL map, in match order (the first route whose path matches wins; the crm-ui
 * catch-all is last). UIs and analytics serve their pages at the same paths themselves, so
 * only `/api/...` is rewritten.
 */
export const ROUTES: readonly GatewayRoute[] = [
  {
    group: 'jwks',
    methods: ['get'],
    path: '/.well-known/jwks.json',
    exact: true,
    upstream: 'crm-api',
    access: [{ access: 'anyone' }],
    kind: 'api',
    summary: 'Public keys of customer and operator tokens',
  },
  {
    group: 'auth',
    methods: ['post'],
    path: '/api/auth',
    upstream: 'crm-api',
    strip: '/api',
    access: [{ access: 'anyone' }],
    kind: 'api',
    summary: 'Sign-in (POST /api/auth/login; its own, stricter rate limit)',
  },
  {
    group: 'customers',
    methods: ['post', 'get'],
    path: '/api/customers',
    upstream: 'crm-api',
    strip: '/api',
    access: [{ methods: ['POST'], exactPath: true, access: 'anyone' }, { access: 'signed-in' }],
    kind: 'api',
    summary: 'Sign-up (POST /api/customers, anyone); a customer and their orders (signed in)',
  },
  {
    group: 'orders',
    methods: ['post', 'get'],
    path: '/api/orders',
    upstream: 'crm-api',
    strip: '/api',
    access: [{ access: 'signed-in' }],
    kind: 'api',
    summary: 'Place and read orders',
  },
  {
    group: 'products',
    methods: ['get'],
    path: '/api/products',
    upstream: 'inventory-service',
    strip: '/api',
    access: readOpenWriteOperator,
    kind: 'api',
    summary: 'Catalogue with price and availability per region',
  },
  {
    group: 'inventory',
    methods: ['get', 'put'],
    path: '/api/inventory',
    upstream: 'inventory-service',
    strip: '/api',
    access: readOpenWriteOperator,
    kind: 'api',
    summary: 'Stock per warehouse (GET anyone; PUT operator)',
  },
  {
    group: 'warehouses',
    methods: ['get'],
    path: '/api/warehouses',
    upstream: 'inventory-service',
    strip: '/api',
    access: readOpenWriteOperator,
    kind: 'api',
    summary: 'Warehouses with their region',
  },
  {
    group: 'tracking',
    methods: ['get'],
    path: '/api/tracking',
    upstream: 'logistics-service',
    strip: '/api',
    access: readOpenWriteOperator,
    kind: 'api',
    summary: 'Public shipment tracking by tracking number',
  },
  {
    group: 'sales-api',
    methods: ['get'],
    path: '/api/analytics/sales',
    upstream: 'crm-analytics',
    strip: '/api/analytics',
    access: [{ access: 'operator' }],
    kind: 'api',
    summary: 'Sales insight (operators)',
  },
  {
    group: 'supply-api',
    methods: ['get'],
    path: '/api/analytics/supply',
    upstream: 'analytics-service',
    strip: '/api/analytics',
    access: [{ access: 'operator' }],
    kind: 'api',
    summary: 'Supply-chain dashboards data (operators)',
  },
  {
    group: 'tracking-page',
    methods: ['get'],
    path: '/track',
    upstream: 'tracking-ui',
    access: [{ access: 'anyone' }],
    kind: 'page',
    summary: 'Public tracking page (/track, /track/:trackingNumber)',
  },
  {
    group: 'sales-page',
    methods: ['get'],
    path: '/analytics/sales',
    upstream: 'crm-analytics',
    access: [{ access: 'anyone' }],
    kind: 'page',
    summary: 'Sales insight dashboard page (its data needs an operator)',
  },
  {
    group: 'supply-page',
    methods: ['get'],
    path: '/analytics/supply',
    upstream: 'analytics-service',
    access: [{ access: 'anyone' }],
    kind: 'page',
    summary: 'Supply-chain dashboard page (its data needs an operator)',
  },
  {
    group: 'crm-ui',
    methods: ['get'],
    path: '/',
    upstream: 'crm-ui',
    access: [{ access: 'anyone' }],
    kind: 'page',
    summary: 'Customer dashboard (single-page app: /, /login, /orders/:id, ...)',
  },
];

/** Where `/api/...` paths that match no route end: a JSON 404 from the gateway itself. */
export const API_PREFIX = '/api';

/** The Express path of a route: the path itself, or it and everything below it. */
export function expressPath(route: GatewayRoute): string {
  if (route.exact) return route.path;
  return route.path === '/' ? '/{*rest}' : `${route.path}{/*rest}`;
}

/**
 * The path and query sent upstream for a request URL that matched `route`. Express matched
 * the prefix case-insensitively, so it is cut by length, not by text.
 */
export function upstreamPath(route: GatewayRoute, url: string): string {
  if (!route.strip) return url;
  const rest = url.slice(route.strip.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** What the route asks of a caller for this method and path. */
export function accessFor(route: GatewayRoute, method: string, pathname: string): Access {
  const atRoot = pathname.replace(/\/+$/, '').toLowerCase() === route.path.toLowerCase();
  for (const rule of route.access) {
    if (rule.methods && !rule.methods.includes(method)) continue;
    if (rule.exactPath && !atRoot) continue;
    return rule.access;
  }
  return 'operator';
}
