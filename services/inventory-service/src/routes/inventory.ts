import { badRequest, type ApiRouter } from '@globalretail/service-kit';
import { z } from 'zod';
import type { StockService } from '../domain/stock';
import { actorOf } from '../domain/types';
import {
  adjustStockBody,
  inventoryListQuery,
  inventorySchema,
  productIdParams,
  stockHistoryQuery,
  stockHistorySchema,
} from './schemas';

export function inventoryRoutes(api: ApiRouter, stock: StockService): void {
  api.route(
    {
      method: 'get',
      path: '/inventory',
      summary:
        'Stock of every product per warehouse and region (on hand, reserved, available, low)',
      tags: ['inventory'],
      query: inventoryListQuery,
      responses: {
        200: {
          description: 'Stock levels by SKU',
          schema: z.object({ products: z.array(inventorySchema) }),
        },
      },
    },
    async (_req, res, { query }) => {
      res.json({ products: await stock.overview(query) });
    },
  );

  api.route(
    {
      method: 'get',
      path: '/inventory/:productId/history',
      summary: "Audit trail of a product's stock, newest first: who changed what, and why",
      tags: ['inventory'],
      params: productIdParams,
      query: stockHistoryQuery,
      auth: ['operator', 'service'],
      responses: {
        200: { description: 'Audit entries', schema: stockHistorySchema },
        404: { description: 'No such product' },
      },
    },
    async (_req, res, { params, query }) => {
      const entries = await stock.history(params.productId, {
        limit: query.limit,
        ...(query.change ? { changes: [query.change] } : {}),
      });
      res.json({ sku: params.productId, entries });
    },
  );

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
      const { onBehalfOf, ...adjustment } = body;
      const actor = actorOf(req.auth);
      if (onBehalfOf !== undefined && actor.kind !== 'service') {
        throw badRequest(
          'ON_BEHALF_OF_NOT_ALLOWED',
          'only a service acting for a person may send onBehalfOf',
        );
      }
      res.json(
        await stock.adjust(
          params.productId,
          adjustment,
          onBehalfOf === undefined ? actor : { ...actor, id: onBehalfOf },
        ),
      );
    },
  );
}
