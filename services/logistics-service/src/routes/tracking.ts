import type { ApiRouter } from '@globalretail/service-kit';
import type { ShipmentService } from '../domain/shipments';
import { trackingParams, trackingSchema } from './schemas';

export function registerTrackingRoutes(api: ApiRouter, shipments: ShipmentService): void {
  api.route(
    {
      method: 'get',
      path: '/tracking/:trackingNumber',
      summary: 'Public tracking page: status, ETA, carrier and the timeline (no personal data)',
      tags: ['tracking'],
      params: trackingParams,
      responses: {
        200: { description: 'The shipment as its recipient may see it', schema: trackingSchema },
        400: { description: 'INVALID_TRACKING_NUMBER: wrong format or check character' },
        404: { description: 'No shipment has that number' },
      },
    },
    async (_req, res, { params }) => {
      const view = await shipments.track(params.trackingNumber);
      // A live page polls this; intermediaries must not serve a stale status.
      res.setHeader('cache-control', 'no-store');
      res.json(view);
    },
  );
}
