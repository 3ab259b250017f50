import { deliveredEventsSchema, type ApiRouter, type Logger } from '@globalretail/service-kit';
import type pg from 'pg';
import { z } from 'zod';
import type { Checkout } from '../domain/checkout';
import { consumeSupplyEvents } from '../domain/supply-events';

export function registerEventRoutes(
  api: ApiRouter,
  deps: { pool: pg.Pool; checkout: Checkout; logger: Logger },
): void {
  api.route(
    {
      method: 'post',
      path: '/events',
      summary: "order-service's outbox events (supply-order.confirmed / supply-order.failed)",
      tags: ['events'],
      body: deliveredEventsSchema,
      auth: ['service'],
      responses: {
        200: {
          description: 'Handled; duplicates (known eventId) are skipped',
          schema: z.object({ handled: z.number().int(), duplicates: z.number().int() }),
        },
      },
    },
    async (_req, res, { body }) => {
      res.json(await consumeSupplyEvents(deps, body.events));
    },
  );
}
