import { notFound, type Pool } from '@globalretail/service-kit';
import { availabilityByRegion, findProduct, listProducts } from '../repositories/products';
import { listWarehouses } from '../repositories/warehouses';
import type { Warehouse } from './types';
import { productView, type ProductView } from './views';

/** What can be bought, where it is, and how much of it can still be ordered per region. */
export class CatalogService {
  constructor(private readonly pool: Pool) {}

  async products(filter: { category?: string; includeInactive: boolean }): Promise<ProductView[]> {
    const products = await listProducts(this.pool, filter);
    const availability = await availabilityByRegion(
      this.pool,
      products.map((p) => p.sku),
    );
    return products.map((p) => productView(p, availability.get(p.sku)));
  }

  async product(sku: string): Promise<ProductView> {
    const product = await findProduct(this.pool, sku);
    if (!product) throw notFound('product', sku);
    const availability = await availabilityByRegion(this.pool, [sku]);
    return productView(product, availability.get(sku));
  }

  warehouses(): Promise<Warehouse[]> {
    return listWarehouses(this.pool);
  }
}
