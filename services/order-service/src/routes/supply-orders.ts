import { randomUUID } from 'node:crypto';
import {
  addressSchema,
  ApiRouter,
  notFound,
  orderLinesSchema,
  regionSchema,
  uuidSchema,
} from '@globalretail/service-kit';
import { z } from 'zod';
import type { SagaRunner } from '../domain/saga';
import { toView, type SupplyOrder } from '../domain/types';
import type { SupplyOrderRepository } from '../repositories/supply-orders';

export const createSupplyOrderSchema = z.strictObject({
  orderId: uuidSchema,
  customerId: uuidSchema,
  region: regionSchema,
  lines: orderLinesSchema,
  shipTo: addressSchema,
  serviceLevel: z.enum(['standard', 'express']).default('standard'),
});

const supplyOrderView = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  customerId: z.uuid(),
  region: regionSchema,
  status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']),
  sagaStep: z.string(),
  trackingNumbers: z.array(z.string()),
  failureCode: z.string().nullable(),
  failureReason: z.string().nullable(),
});

export interface SupplyOrderRoutesDeps {
  repository: SupplyOrderRepository;
  runner: SagaRunner;
  instanceId: string;
  leaseMs: number;
  /** How long POST waits for the saga before answering 202 with the order still PENDING. */
  syncTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilFinished(repository: SupplyOrderRepository, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let order = await repository.findById(id);
  for (
    let delay = 10;
    order?.status === 'PENDING' && Date.now() < deadline;
    delay = Math.min(delay * 2, 250)
  ) {
    await sleep(delay);
    order = await repository.findById(id);
  }
  return order;
}

export function supplyOrderRoutes(api: ApiRouter, deps: SupplyOrderRoutesDeps): void {
  const { repository, runner } = deps;

  api.route(
    {
      method: 'post',
      path: '/supply-orders',
      summary:
        'Hand a CRM order to supply: reserve stock, create shipments, commit; compensate on failure',
      tags: ['supply-orders'],
      auth: ['service'],
      body: createSupplyOrderSchema,
      responses: {
        201: {
          description: 'Saga ran to its end: CONFIRMED or FAILED (with the reason)',
          schema: supplyOrderView,
        },
        200: {
          description: 'This CRM order was handed over before: the existing supply order',
          schema: supplyOrderView,
        },
        202: {
          description: 'Still running (an upstream is slow or down); it finishes in the background',
          schema: supplyOrderView,
        },
      },
    },
    async (req, res, { body }) => {
      const { order, created } = await repository.create(
        { ...body, id: randomUUID(), reservationId: randomUUID() },
        { owner: deps.instanceId, ms: deps.leaseMs },
      );
      let current: SupplyOrder | undefined;
      if (created) {
        const run = runner.run(order).catch((err) => {
          req.log.error(
            { err, supplyOrderId: order.id },
            'saga run stopped; recovery will resume it',
          );
          return undefined;
        });
        // Wait for the saga, but no longer than the sync timeout; the timer must not outlive the race.
        const timedOut = Symbol('timeout');
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<typeof timedOut>((resolve) => {
          timer = setTimeout(() => resolve(timedOut), deps.syncTimeoutMs);
        });
        const result = await Promise.race([run, deadline]).finally(() => clearTimeout(timer));
        current =
          result === timedOut || result === undefined
            ? await repository.findById(order.id)
            : (result as SupplyOrder);
      } else {
        current = await waitUntilFinished(repository, order.id, deps.syncTimeoutMs);
      }
      if (!current) throw notFound('supply order', order.id);
      res.status(current.status === 'PENDING' ? 202 : created ? 201 : 200).json(toView(current));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply-orders/:id',
      summary: 'A supply order with its saga state and step log',
      tags: ['supply-orders'],
      auth: ['service', 'operator'],
      params: z.object({ id: uuidSchema }),
      responses: { 200: { description: 'The supply order', schema: supplyOrderView } },
    },
    async (_req, res, { params }) => {
      const order = await repository.findById(params.id);
      if (!order) throw notFound('supply order', params.id);
      res.json({ ...toView(order), log: await repository.sagaLog(order.id) });
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply-orders',
      summary: "A customer's supply orders, newest first",
      tags: ['supply-orders'],
      auth: ['service', 'operator'],
      query: z.object({
        customerId: uuidSchema,
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: {
          description: 'Supply orders',
          schema: z.object({ supplyOrders: z.array(supplyOrderView) }),
        },
      },
    },
    async (_req, res, { query }) => {
      const orders = await repository.listByCustomer(query.customerId, query.limit);
      res.json({ supplyOrders: orders.map(toView) });
    },
  );
}
