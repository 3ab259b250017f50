/** The client routes. The Express server answers index.html for exactly these (PAGE_ROUTES). */
export const CLIENT_ROUTES = ['/', '/login', '/cart', '/orders', '/orders/:id'] as const;

export type Route =
  | { name: 'shop' }
  | { name: 'login'; next: string }
  | { name: 'cart' }
  | { name: 'orders' }
  | { name: 'order'; id: string }
  | { name: 'not-found' };

export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { name: 'shop' };
  if (path === '/login') {
    return { name: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  }
  if (path === '/cart') return { name: 'cart' };
  if (path === '/orders') return { name: 'orders' };
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order) {
    try {
      return { name: 'order', id: decodeURIComponent(order[1]!) };
    } catch {
      return { name: 'not-found' };
    }
  }
  return { name: 'not-found' };
}

/**
 * Where to go after signing in: only a path of this app (never `//evil.example` or
 * `https://...`, which would make the sign-in page an open redirect), never back to /login.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  const [path = '/', search = ''] = next.split('?');
  const route = matchRoute(path, search);
  return route.name === 'not-found' || route.name === 'login' ? '/' : next;
}

export const loginHref = (next: string) =>
  next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;

export const APP_NAME = 'Global Retail';
export const documentTitle = (page: string) => `${page} · ${APP_NAME}`;
