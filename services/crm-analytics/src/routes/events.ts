import { type ApiRouter, deliveredEventsSchema } from '@globalretail/service-kit';
import { z } from 'zod';
import type { SalesProjection } from '../domain/sales-projection';

export function registerEventRoutes(api: ApiRouter, deps: { projection: SalesProjection }): void {
  api.route(
    {
      method: 'post',
      path: '/events',
      summary:
        "crm-api's outbox events (order.placed, order.confirmed, order.failed, customer.registered)",
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
      res.json(await deps.projection.consume(body.events));
    },
  );
}
