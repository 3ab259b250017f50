import type { ApiRouter } from '@globalretail/service-kit';
import { z } from 'zod';
import type { CatalogService } from '../domain/catalog';
import { productSchema, productsQuery, skuParams, warehouseSchema } from './schemas';

export function catalogRoutes(api: ApiRouter, catalog: CatalogService): void {
  api.route(
    {
      method: 'get',
      path: '/products',
      summary: 'The catalogue with price and what can still be ordered per region',
      tags: ['catalogue'],
      query: productsQuery,
      responses: {
        200: { description: 'Products', schema: z.object({ products: z.array(productSchema) }) },
      },
    },
    async (_req, res, { query }) => {
      const products = await catalog.products({
        category: query.category,
        includeInactive: query.includeInactive === 'true',
      });
      res.json({ products });
    },
  );

  api.route(
    {
      method: 'get',
      path: '/products/:sku',
      summary: 'One product',
      tags: ['catalogue'],
      params: skuParams,
      responses: { 200: { description: 'The product', schema: productSchema } },
    },
    async (_req, res, { params }) => {
      res.json(await catalog.product(params.sku));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/warehouses',
      summary: 'Warehouses and their regions',
      tags: ['catalogue'],
      responses: {
        200: {
          description: 'Warehouses',
          schema: z.object({ warehouses: z.array(warehouseSchema) }),
        },
      },
    },
    async (_req, res) => {
      res.json({ warehouses: await catalog.warehouses() });
    },
  );
}
