import type { ApiRouter } from '@globalretail/service-kit';
import type { ShipmentService } from '../domain/shipments';
import { toShipmentView } from '../domain/types';
import {
  createShipmentBody,
  listShipmentsQuery,
  shipmentIdParams,
  shipmentListSchema,
  shipmentSchema,
} from './schemas';

const CALLERS = ['service', 'operator'] as const;

export function registerShipmentRoutes(api: ApiRouter, shipments: ShipmentService): void {
  api.route(
    {
      method: 'post',
      path: '/shipments',
      summary:
        'Create a shipment: picks the carrier, issues the tracking number (idempotent on shipmentId)',
      tags: ['shipments'],
      body: createShipmentBody,
      auth: [...CALLERS],
      responses: {
        201: { description: 'Created', schema: shipmentSchema },
        200: { description: 'That shipmentId exists: the stored shipment', schema: shipmentSchema },
        409: {
          description:
            'SHIPMENT_CANCELLED: that id was cancelled (SHIPMENT_ID_CONFLICT: used by another order)',
        },
        422: { description: 'UNSUPPORTED_DESTINATION: no lane from that region to that country' },
      },
    },
    async (_req, res, { body }) => {
      const { shipment, created } = await shipments.create(body);
      res.status(created ? 201 : 200).json(toShipmentView(shipment));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/shipments',
      summary: 'The shipments of an order',
      tags: ['shipments'],
      query: listShipmentsQuery,
      auth: [...CALLERS],
      responses: { 200: { description: 'Oldest first', schema: shipmentListSchema } },
    },
    async (_req, res, { query }) => {
      const list = await shipments.listByOrder(query.orderId);
      res.json({ shipments: list.map(toShipmentView) });
    },
  );

  api.route(
    {
      method: 'get',
      path: '/shipments/:id',
      summary: 'A shipment',
      tags: ['shipments'],
      params: shipmentIdParams,
      auth: [...CALLERS],
      responses: { 200: { description: 'The shipment', schema: shipmentSchema } },
    },
    async (_req, res, { params }) => {
      res.json(toShipmentView(await shipments.get(params.id)));
    },
  );

  api.route(
    {
      method: 'post',
      path: '/shipments/:id/cancel',
      summary: 'Cancel a shipment not yet picked up; an unknown id leaves a CANCELLED tombstone',
      tags: ['shipments'],
      params: shipmentIdParams,
      auth: [...CALLERS],
      responses: {
        200: { description: 'Cancelled (or already was)', schema: shipmentSchema },
        409: { description: 'SHIPMENT_ALREADY_MOVING: the carrier has it' },
      },
    },
    async (_req, res, { params }) => {
      res.json(toShipmentView(await shipments.cancel(params.id)));
    },
  );
}
