import type { ApiRouter } from '@globalretail/service-kit';
import type { ReservationService } from '../domain/reservations';
import { actorOf } from '../domain/types';
import { reservationParams, reservationSchema, reserveBody } from './schemas';

export function reservationRoutes(
  api: ApiRouter,
  reservations: ReservationService,
  defaults: { ttlSeconds: number },
): void {
  api.route(
    {
      method: 'post',
      path: '/reservations',
      summary: 'Hold stock for every line of an order, or for none (idempotent on reservationId)',
      tags: ['reservations'],
      body: reserveBody,
      auth: ['service'],
      responses: {
        201: { description: 'Held', schema: reservationSchema },
        200: {
          description: 'This reservationId was seen before: the existing reservation',
          schema: reservationSchema,
        },
        409: { description: 'INSUFFICIENT_STOCK (details per SKU) or RESERVATION_RELEASED' },
        422: { description: 'UNKNOWN_SKU: unknown or inactive SKUs, named in details' },
      },
    },
    async (req, res, { body }) => {
      const { created, reservation } = await reservations.reserve(
        { ...body, ttlSeconds: body.ttlSeconds ?? defaults.ttlSeconds },
        actorOf(req.auth),
      );
      res.status(created ? 201 : 200).json(reservation);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/reservations/:id',
      summary: 'A reservation',
      tags: ['reservations'],
      params: reservationParams,
      auth: ['service', 'operator'],
      responses: { 200: { description: 'The reservation', schema: reservationSchema } },
    },
    async (_req, res, { params }) => {
      res.json(await reservations.get(params.id));
    },
  );

  api.route(
    {
      method: 'post',
      path: '/reservations/:id/commit',
      summary: 'HELD -> COMMITTED: the held stock leaves on hand (idempotent)',
      tags: ['reservations'],
      params: reservationParams,
      auth: ['service'],
      responses: {
        200: { description: 'Committed (now or before)', schema: reservationSchema },
        404: { description: 'No such reservation' },
        409: { description: 'RESERVATION_NOT_HELD: it was released or has expired' },
      },
    },
    async (req, res, { params }) => {
      res.json(await reservations.commit(params.id, actorOf(req.auth)));
    },
  );

  api.route(
    {
      method: 'post',
      path: '/reservations/:id/release',
      summary: 'HELD -> RELEASED; an unknown id leaves a RELEASED tombstone (idempotent)',
      tags: ['reservations'],
      params: reservationParams,
      auth: ['service'],
      responses: {
        200: { description: 'Released (now or before), or a tombstone', schema: reservationSchema },
        409: { description: 'RESERVATION_COMMITTED: too late to release' },
      },
    },
    async (req, res, { params }) => {
      res.json(await reservations.release(params.id, actorOf(req.auth)));
    },
  );
}
