import { type ApiRouter, AppError, uuidSchema } from '@globalretail/service-kit';
import { z } from 'zod';
import { type FilterRules, rankedQuerySchema, salesQuerySchema } from '../domain/sales-filters';
import type { SalesReports } from '../domain/sales-reports';
import {
  averageOrderValueSchema,
  byDaySchema,
  byProductSchema,
  byRegionSchema,
  conversionSchema,
  projectedOrderSchema,
  topCustomersSchema,
} from './schemas';

const AUTH: ('operator' | 'service')[] = ['operator', 'service'];
const BAD_QUERY = { description: 'Bad filter (VALIDATION_FAILED names each field)' };
const DENIED = { description: 'No credential (401) or not an operator or service (403)' };

/** The JSON sales API under /sales (public path /api/analytics/sales/* through the gateway). */
export function registerSalesRoutes(
  api: ApiRouter,
  deps: { reports: SalesReports; rules: FilterRules },
): void {
  const { reports, rules } = deps;
  const filtersOnly = salesQuerySchema(rules);
  const withLimit = rankedQuerySchema(rules, 10);
  const tags = ['sales'];

  api.route(
    {
      method: 'get',
      path: '/sales/by-day',
      summary:
        'Orders and revenue per UTC day of the range (every day listed). Revenue counts CONFIRMED orders only, on the day they were placed.',
      tags,
      query: filtersOnly,
      auth: AUTH,
      responses: {
        200: { description: 'One row per day', schema: byDaySchema },
        400: BAD_QUERY,
        401: DENIED,
      },
    },
    async (_req, res, { query }) => {
      res.json(await reports.byDay(query.filters));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/sales/by-region',
      summary: 'Orders and revenue per region. Revenue counts CONFIRMED orders only.',
      tags,
      query: filtersOnly,
      auth: AUTH,
      responses: {
        200: { description: 'One row per region', schema: byRegionSchema },
        400: BAD_QUERY,
        401: DENIED,
      },
    },
    async (_req, res, { query }) => {
      res.json(await reports.byRegion(query.filters));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/sales/by-product',
      summary: 'Top products by revenue of CONFIRMED orders, with units sold.',
      tags,
      query: withLimit,
      auth: AUTH,
      responses: {
        200: { description: 'Products, best first', schema: byProductSchema },
        400: BAD_QUERY,
        401: DENIED,
      },
    },
    async (_req, res, { query }) => {
      res.json(await reports.byProduct(query.filters, query.limit));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/sales/top-customers',
      summary: 'Customers by revenue of CONFIRMED orders, with their order counts.',
      tags,
      query: withLimit,
      auth: AUTH,
      responses: {
        200: { description: 'Customers, best first', schema: topCustomersSchema },
        400: BAD_QUERY,
        401: DENIED,
      },
    },
    async (_req, res, { query }) => {
      res.json(await reports.topCustomers(query.filters, query.limit));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/sales/average-order-value',
      summary: 'Average value of CONFIRMED orders (integer cents, rounded half up).',
      tags,
      query: filtersOnly,
      auth: AUTH,
      responses: {
        200: { description: 'The average', schema: averageOrderValueSchema },
        400: BAD_QUERY,
        401: DENIED,
      },
    },
    async (_req, res, { query }) => {
      res.json(await reports.averageOrderValue(query.filters));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/sales/conversion',
      summary:
        'Placed-to-confirmed conversion: confirmed / placed among the orders placed (UTC day) in the range.',
      tags,
      query: filtersOnly,
      auth: AUTH,
      responses: {
        200: { description: 'The rate and its counts', schema: conversionSchema },
        400: BAD_QUERY,
        401: DENIED,
      },
    },
    async (_req, res, { query }) => {
      res.json(await reports.conversion(query.filters));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/sales/orders/:orderId',
      summary:
        'One order as projected here: lines and status history (for checking the projection).',
      tags,
      params: z.strictObject({ orderId: uuidSchema }),
      auth: AUTH,
      responses: {
        200: { description: 'The order', schema: projectedOrderSchema },
        404: { description: 'No event about this order has arrived' },
      },
    },
    async (_req, res, { params }) => {
      const order = await reports.order(params.orderId);
      if (!order)
        throw new AppError(404, 'ORDER_NOT_FOUND', `no events about order ${params.orderId}`);
      res.json(order);
    },
  );
}
