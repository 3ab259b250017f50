import type { ApiRouter } from '@globalretail/service-kit';
import { customerView, type Customers } from '../domain/customers';
import { customerSchema, idParams, listQuery, orderSchema, signUpBody } from './schemas';
import { z } from 'zod';

export function registerCustomerRoutes(api: ApiRouter, deps: { customers: Customers }): void {
  api.route(
    {
      method: 'post',
      path: '/customers',
      summary: 'Create a customer account (self sign-up, or by an operator)',
      tags: ['customers'],
      body: signUpBody,
      responses: {
        201: { description: 'Created', schema: customerSchema },
        409: { description: 'EMAIL_TAKEN' },
      },
    },
    async (_req, res, { body }) => {
      const customer = await deps.customers.signUp(body);
      res.status(201).location(`/customers/${customer.id}`).json(customerView(customer));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/customers/:id',
      summary: 'A customer: the customer themself or an operator; 404 for anyone else',
      tags: ['customers'],
      params: idParams,
      auth: ['customer', 'operator'],
      responses: {
        200: { description: 'The customer', schema: customerSchema },
        404: { description: 'CUSTOMER_NOT_FOUND' },
      },
    },
    async (req, res, { params }) => {
      res.json(customerView(await deps.customers.get(req.auth, params.id)));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/customers/:id/orders',
      summary: "A customer's orders, newest first",
      tags: ['customers', 'orders'],
      params: idParams,
      query: listQuery,
      auth: ['customer', 'operator'],
      responses: {
        200: { description: 'Orders', schema: z.object({ orders: z.array(orderSchema) }) },
        404: { description: 'CUSTOMER_NOT_FOUND' },
      },
    },
    async (req, res, { params, query }) => {
      res.json({ orders: await deps.customers.orders(req.auth, params.id, query.limit) });
    },
  );
}
