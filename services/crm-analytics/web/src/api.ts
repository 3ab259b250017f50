import type { Dashboard, Filters, Session } from './types';

/**
 * The browser talks only to the gateway (same origin): sign-in at /api/auth/login (crm-api),
 * figures at /api/analytics/sales/* (this service's /sales/*).
 */
const LOGIN_URL = '/api/auth/login';
const SALES_URL = '/api/analytics/sales';
const SESSION_KEY = 'crm-analytics.session';

/** A failed call, with a message meant for the person at the screen. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const UNAVAILABLE = 'The service is unavailable right now. Please try again in a moment.';

async function errorOf(res: Response, context: 'sign-in' | 'figures'): Promise<ApiError> {
  let code = 'HTTP_' + res.status;
  let message = '';
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
    };
    code = body.error?.code ?? code;
    message = body.error?.message ?? '';
    const details = body.error?.details;
    if (Array.isArray(details) && details.length > 0) {
      message = details.map((d) => `${d.field.replace(/^query\./, '')}: ${d.message}`).join('; ');
    }
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (res.status >= 500) return new ApiError(res.status, code, UNAVAILABLE);
  if (res.status === 429)
    return new ApiError(429, code, 'Too many attempts. Wait a few minutes and try again.');
  if (context === 'sign-in' && res.status === 401) {
    return new ApiError(401, code, 'That email and password do not match an account.');
  }
  if (res.status === 401)
    return new ApiError(401, code, 'Your session has ended. Please sign in again.');
  if (res.status === 403) return new ApiError(403, code, 'These figures are for operators only.');
  if (res.status === 400)
    return new ApiError(400, code, `Check the filters: ${message || 'they are not valid'}.`);
  return new ApiError(res.status, code, message || `The request failed (${res.status}).`);
}

async function send(url: string, init: RequestInit, context: 'sign-in' | 'figures') {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'NETWORK', UNAVAILABLE);
  }
  if (!res.ok) throw await errorOf(res, context);
  return res.json() as Promise<unknown>;
}

export function loadSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Signs in through crm-api; only operator accounts may use the dashboard. */
export async function signIn(email: string, password: string): Promise<Session> {
  const body = (await send(
    LOGIN_URL,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    },
    'sign-in',
  )) as { token: string; expiresIn: number; user: { email: string; role: string } };
  if (body.user.role !== 'operator') {
    throw new ApiError(
      403,
      'NOT_OPERATOR',
      'This dashboard is for operators. Sign in with an operator account.',
    );
  }
  const session = {
    token: body.token,
    email: body.user.email,
    expiresAt: Date.now() + body.expiresIn * 1000,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export interface FilterInput {
  from?: string;
  to?: string;
  region?: string;
}

function query(filters: FilterInput, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Every figure of the page for the filters, fetched in parallel. */
export async function loadDashboard(session: Session, filters: FilterInput): Promise<Dashboard> {
  const get = (path: string, extra?: Record<string, string>) =>
    send(
      `${SALES_URL}/${path}${query(filters, extra)}`,
      { headers: { authorization: `Bearer ${session.token}` } },
      'figures',
    );
  const [byDay, byRegion, byProduct, topCustomers, averageOrderValue, conversion] =
    await Promise.all([
      get('by-day'),
      get('by-region'),
      get('by-product', { limit: '8' }),
      get('top-customers', { limit: '8' }),
      get('average-order-value'),
      get('conversion'),
    ]);
  return {
    byDay,
    byRegion,
    byProduct,
    topCustomers,
    averageOrderValue,
    conversion,
  } as Dashboard;
}

/**
 * Customers' names from crm-api (operators may read any customer), best effort: a name that
 * cannot be fetched is simply not shown.
 */
export async function customerNames(
  session: Session,
  ids: string[],
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    ids.map(async (id) => {
      try {
        const body = (await send(
          `/api/customers/${encodeURIComponent(id)}`,
          { headers: { authorization: `Bearer ${session.token}` } },
          'figures',
        )) as { name?: string };
        return body.name ? ([id, body.name] as const) : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== undefined));
}

export type { Filters };
