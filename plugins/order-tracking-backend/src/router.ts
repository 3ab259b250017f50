import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { OrderTrackingService } from './services/OrderTrackingService';

const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  orders: OrderTrackingService;
}): Promise<express.Router> {
  const { httpAuth, orders } = options;
  const router = Router();
  router.use(express.json());

  router.get('/orders', async (req, res) => {
    // Signed-in people only: order data is not for other plugins acting on their own.
    await httpAuth.credentials(req, { allow: ['user'] });
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const { q, status, limit } = parsed.data;
    res.json({ orders: await orders.search({ query: q || undefined, status, limit }) });
  });

  router.get('/orders/:orderId', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await orders.details(req.params.orderId));
  });

  return router;
}
