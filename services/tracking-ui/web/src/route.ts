/** The page's public prefix (the gateway routes /track here; Vite's base is the same). */
export const PAGE_PREFIX = '/track';

/**
 * The tracking number a URL asks for: `/track/:trackingNumber` (deep link) or `/track?n=`
 * (the form without JavaScript). The raw text is returned as typed; validation happens later
 * so a bad link shows what is wrong with it instead of an empty form.
 */
export function trackingNumberFromLocation(pathname: string, search: string): string | undefined {
  const rest = pathname.startsWith(`${PAGE_PREFIX}/`)
    ? pathname.slice(PAGE_PREFIX.length + 1).replace(/\/+$/, '')
    : '';
  if (rest) {
    try {
      return decodeURIComponent(rest);
    } catch {
      return rest;
    }
  }
  const fromQuery = new URLSearchParams(search).get('n');
  return fromQuery?.trim() ? fromQuery : undefined;
}

export const pathForTrackingNumber = (canonical: string): string =>
  `${PAGE_PREFIX}/${encodeURIComponent(canonical)}`;
