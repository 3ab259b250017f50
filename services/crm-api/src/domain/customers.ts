import {
  type Address,
  appendToOutbox,
  conflict,
  type Identity,
  type Region,
  withTransaction,
} from '@globalretail/service-kit';
import type pg from 'pg';
import { AppError } from '@globalretail/service-kit';
import { hashPassword } from '../auth/passwords';
import {
  type Customer,
  EmailTakenError,
  findCustomerById,
  insertCustomer,
} from '../repositories/customers';
import { listOrdersOfCustomer } from '../repositories/orders';
import { orderView } from './order-view';
import { SCHEMA } from './checkout';

export interface SignUp {
  email: string;
  name: string;
  region: Region;
  password: string;
  address?: Address;
}

/** The customer as the API shows it: never the password hash. */
export const customerView = (customer: Customer) => ({
  id: customer.id,
  email: customer.email,
  name: customer.name,
  role: customer.role,
  region: customer.region,
  address: customer.shippingAddress,
  createdAt: customer.createdAt.toISOString(),
});

const customerNotFound = () => new AppError(404, 'CUSTOMER_NOT_FOUND', 'customer not found');

/** A customer sees only themself; operators see everyone. Others learn nothing, not even existence. */
export function mayRead(identity: Identity | undefined, customerId: string): boolean {
  if (identity?.kind === 'operator') return true;
  return identity?.kind === 'customer' && identity.customerId === customerId;
}

export class Customers {
  constructor(private readonly pool: pg.Pool) {}

  async signUp(input: SignUp): Promise<Customer> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await withTransaction(this.pool, async (tx) => {
        const customer = await insertCustomer(tx, {
          email: input.email.toLowerCase(),
          name: input.name,
          region: input.region,
          role: 'customer',
          passwordHash,
          shippingAddress: input.address ?? null,
        });
        await appendToOutbox(tx, SCHEMA, {
          aggregateType: 'customer',
          aggregateId: customer.id,
          type: 'customer.registered',
          payload: {
            customerId: customer.id,
            region: customer.region,
            role: customer.role,
            registeredAt: customer.createdAt.toISOString(),
          },
        });
        return customer;
      });
    } catch (err) {
      if (err instanceof EmailTakenError) {
        throw conflict('EMAIL_TAKEN', 'an account with this email already exists');
      }
      throw err;
    }
  }

  async get(identity: Identity | undefined, customerId: string): Promise<Customer> {
    if (!mayRead(identity, customerId)) throw customerNotFound();
    const customer = await findCustomerById(this.pool, customerId);
    if (!customer) throw customerNotFound();
    return customer;
  }

  async orders(identity: Identity | undefined, customerId: string, limit: number) {
    const customer = await this.get(identity, customerId);
    return (await listOrdersOfCustomer(this.pool, customer.id, limit)).map(orderView);
  }
}
