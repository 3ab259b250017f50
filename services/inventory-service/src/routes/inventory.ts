import type { ApiRouter } from '@globalretail/service-kit';
import type { StockService } from '../domain/stock';
import { actorOf } from '../domain/types';
import { adjustStockBody, inventorySchema, productIdParams } from './schemas';

export function inventoryRoutes(api: ApiRouter, stock: StockService): void {
  api.route(
    {
      method: 'get',
      path: '/inventory/:productId',
      summary: 'Stock of a product per warehouse and region: on hand, reserved, available',
      tags: ['inventory'],
      params: productIdParams,
      responses: { 200: { description: 'Stock levels', schema: inventorySchema } },
    },
    async (_req, res, { params }) => {
      res.json(await stock.inventory(params.productId));
    },
  );

  api.route(
    {
      method: 'put',
      path: '/inventory/:productId',
      summary: 'Set the on-hand stock of a product in one warehouse (audited)',
      tags: ['inventory'],
      params: productIdParams,
      body: adjustStockBody,
      auth: ['operator', 'service'],
      responses: {
        200: { description: 'Stock levels after the change', schema: inventorySchema },
        404: { description: 'No such product' },
        409: { description: 'STOCK_BELOW_RESERVED: more units are held than the new level' },
        422: { description: 'UNKNOWN_WAREHOUSE' },
      },
    },
    async (req, res, { params, body }) => {
      res.json(await stock.adjust(params.productId, body, actorOf(req.auth)));
    },
  );
}
