import { deliveredEventsSchema, type ApiRouter } from '@globalretail/service-kit';
import { z } from 'zod';
import type { SupplyProjector } from '../domain/projector';

export function eventRoutes(
  api: ApiRouter,
  deps: { projector: SupplyProjector; onConsumed: () => void },
): void {
  api.route(
    {
      method: 'post',
      path: '/events',
      summary:
        'Outbox events of inventory-service (stock.*), logistics-service (shipment.*) and order-service (supply-order.*)',
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
      const result = await deps.projector.consume(body.events);
      if (result.handled > 0) deps.onConsumed();
      res.json(result);
    },
  );
}
