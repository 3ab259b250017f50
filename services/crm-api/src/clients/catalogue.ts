import type { HttpClient, Logger, Region } from '@globalretail/service-kit';

export interface CatalogueProduct {
  sku: string;
  name: string;
  unitPriceCents: number;
  currency: string;
  active: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCents = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function priceOf(source: Json): { cents: number; currency?: string } | undefined {
  const currency = typeof source.currency === 'string' ? source.currency : undefined;
  for (const field of ['priceCents', 'unitPriceCents', 'price_cents', 'amountCents', 'cents']) {
    if (isCents(source[field])) return { cents: source[field], currency };
  }
  const nested = isObject(source.price) ? priceOf(source.price) : undefined;
  return nested && { cents: nested.cents, currency: nested.currency ?? currency };
}

/** A region's own price when the product lists prices per region. */
function regionalEntry(product: Json, region: Region): Json | undefined {
  for (const field of ['regions', 'prices', 'pricing', 'availability']) {
    const value = product[field];
    if (Array.isArray(value)) {
      const entry = value.find((e) => isObject(e) && e.region === region);
      if (isObject(entry)) return entry;
    } else if (isObject(value) && isObject(value[region])) {
      return value[region];
    }
  }
  return undefined;
}

function isActive(product: Json): boolean {
  if (product.active === false || product.discontinued === true) return false;
  if (typeof product.status === 'string') return /^(active|available)$/i.test(product.status);
  return true;
}

/**
 * Reads inventory-service's `GET /products` answer into what an order needs. The contract
 * fixes the route, not every field name, so this accepts the usual spellings: a bare array
 * or `{products|items: [...]}`, a price as `priceCents`/`unitPriceCents`/`price.{cents}`,
 * optionally per region; a product is inactive when `active: false` or its status says so.
 */
export function parseCatalogue(body: unknown, region: Region): Map<string, CatalogueProduct> {
  const list = Array.isArray(body)
    ? body
    : isObject(body)
      ? ([body.products, body.items, body.data].find(Array.isArray) ?? [])
      : [];
  const products = new Map<string, CatalogueProduct>();
  for (const item of list) {
    if (!isObject(item) || typeof item.sku !== 'string') continue;
    const regional = regionalEntry(item, region);
    const price = (regional && priceOf(regional)) ?? priceOf(item);
    if (!price) continue;
    const currency = (price.currency ?? 'USD').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) continue;
    products.set(item.sku, {
      sku: item.sku,
      name: typeof item.name === 'string' && item.name.trim() ? item.name.trim() : item.sku,
      unitPriceCents: price.cents,
      currency,
      active: isActive(item) && (regional ? regional.active !== false : true),
    });
  }
  return products;
}

/**
 * The catalogue, fetched from inventory-service at most once per `cacheMs` (concurrent
 * callers share one fetch). When inventory-service is unreachable, a copy up to `staleMs`
 * old is used rather than refusing every order.
 */
export class CatalogueClient {
  private cached: { body: unknown; fetchedAt: number } | undefined;
  private inflight: Promise<unknown> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly options: { cacheMs: number; staleMs: number; logger: Logger },
  ) {}

  async products(region: Region): Promise<Map<string, CatalogueProduct>> {
    return parseCatalogue(await this.body(), region);
  }

  /** Forgets the cached copy (tests change the stand-in's catalogue). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async body(): Promise<unknown> {
    const now = Date.now();
    if (this.cached && now - this.cached.fetchedAt < this.options.cacheMs) return this.cached.body;
    this.inflight ??= this.http
      .request({ method: 'GET', path: '/products' })
      .then((res) => {
        this.cached = { body: res.body, fetchedAt: Date.now() };
        return res.body;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    try {
      return await this.inflight;
    } catch (err) {
      if (this.cached && now - this.cached.fetchedAt < this.options.staleMs) {
        this.options.logger.warn({ err }, 'catalogue unavailable: using the last copy');
        return this.cached.body;
      }
      throw err;
    }
  }
}
