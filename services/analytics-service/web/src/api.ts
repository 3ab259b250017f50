import { failureText } from './format';
import type { Session } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Supply analytics through the gateway: analytics-service answers /supply/* there. */
export const API_BASE = '/api/analytics/supply';

async function errorOf(res: Response): Promise<ApiError> {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    message = body.error?.message;
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(res.status, code, failureText(res.status, code, message));
}

export async function getJson<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(undefined, undefined, failureText(undefined));
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

/** Operator sign-in through crm-api; the token is kept for this browser tab only. */
export async function signIn(email: string, password: string): Promise<Session> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new ApiError(undefined, undefined, 'The sign-in service cannot be reached.');
  }
  if (res.status === 401) {
    throw new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong email or password.');
  }
  if (res.status === 400) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'Enter a valid email address and a password.');
  }
  if (!res.ok) throw await errorOf(res);
  const body = (await res.json()) as {
    token: string;
    expiresIn: number;
    user: { email: string; name: string; role: string };
  };
  if (body.user.role !== 'operator') {
    throw new ApiError(403, 'NOT_AN_OPERATOR', 'This dashboard is for operators only.');
  }
  return {
    token: body.token,
    email: body.user.email,
    name: body.user.name,
    expiresAt: Date.now() + body.expiresIn * 1000,
  };
}

const SESSION_KEY = 'supply-dashboard.session';

export function loadSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() + 30_000 ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}
