import { AppError, badRequest, type ApiRouter, type Queryable } from '@globalretail/service-kit';
import type { Checkout } from '../domain/checkout';
import { mayRead } from '../domain/customers';
import {
  orderView,
  orderViewSchema,
  presentStoredAnswer,
  staffOrderView,
} from '../domain/order-view';
import { findOrderById, searchOrders } from '../repositories/orders';
import { z } from 'zod';
import {
  IDEMPOTENCY_KEY,
  idParams,
  orderSchema,
  orderSearchQuery,
  placeOrderBody,
} from './schemas';

const orderNotFound = () => new AppError(404, 'ORDER_NOT_FOUND', 'order not found');

const staffOrderSchema = orderViewSchema.extend({
  customerEmail: z.string(),
  supplyOrderId: z.string().nullable(),
});

export function registerOrderRoutes(
  api: ApiRouter,
  deps: { checkout: Checkout; db: Queryable },
): void {
  api.route(
    {
      method: 'post',
      path: '/orders',
      summary: 'Place an order (idempotent per Idempotency-Key)',
      tags: ['orders'],
      body: placeOrderBody,
      auth: ['customer'],
      headers: [
        {
          name: 'Idempotency-Key',
          required: true,
          description:
            '1-100 characters of [A-Za-z0-9_-]. A retry with the same key and body gets the first answer; another body is 422 IDEMPOTENCY_KEY_REUSED.',
        },
      ],
      responses: {
        201: {
          description: 'Order placed and ended (CONFIRMED, or FAILED for other reasons than stock)',
          schema: orderSchema,
        },
        200: {
          description: 'Retry whose first request never stored an answer: the order as it is now',
          schema: orderSchema,
        },
        202: {
          description: 'Order accepted but order-service did not answer: PENDING, finished later',
          schema: orderSchema,
        },
        409: { description: 'OUT_OF_STOCK: the order FAILED, no stock was taken (details.skus)' },
        422: {
          description: 'UNKNOWN_SKU, SHIP_TO_REQUIRED or IDEMPOTENCY_KEY_REUSED; nothing written',
        },
      },
    },
    async (req, res, { body }) => {
      const key = req.header('idempotency-key');
      if (key === undefined) {
        throw badRequest('IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header');
      }
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw badRequest(
          'IDEMPOTENCY_KEY_INVALID',
          'Idempotency-Key is 1-100 characters of letters, digits, "_" and "-"',
        );
      }
      if (req.auth?.kind !== 'customer') throw new AppError(403, 'FORBIDDEN', 'customers only');
      const answer = presentStoredAnswer(
        await deps.checkout.placeOrder(req.auth.customerId, key, body),
      );
      const orderId = (answer.body as { id?: string }).id;
      if (answer.status < 300 && orderId) res.location(`/orders/${orderId}`);
      res.status(answer.status).json(answer.body);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/orders',
      summary:
        'Orders across customers, newest first, filtered by customer email, tracking number or status (staff tools)',
      tags: ['orders'],
      query: orderSearchQuery,
      auth: ['operator', 'service'],
      responses: {
        200: {
          description: 'Matching orders',
          schema: z.object({ orders: z.array(staffOrderSchema) }),
        },
      },
    },
    async (_req, res, { query }) => {
      const orders = await searchOrders(deps.db, query);
      res.json({ orders: orders.map(staffOrderView) });
    },
  );

  api.route(
    {
      method: 'get',
      path: '/orders/:id',
      summary:
        'An order: its customer, an operator or a service (staff also see the customer email and supply order); 404 for anyone else',
      tags: ['orders'],
      params: idParams,
      auth: ['customer', 'operator', 'service'],
      responses: {
        200: { description: 'The order', schema: orderSchema },
        404: { description: 'ORDER_NOT_FOUND' },
      },
    },
    async (req, res, { params }) => {
      if (req.auth?.kind === 'customer') {
        const order = await findOrderById(deps.db, params.id);
        if (!order || !mayRead(req.auth, order.customerId)) throw orderNotFound();
        res.json(orderView(order));
        return;
      }
      const [order] = await searchOrders(deps.db, { orderId: params.id, limit: 1 });
      if (!order) throw orderNotFound();
      res.json(staffOrderView(order));
    },
  );
}
