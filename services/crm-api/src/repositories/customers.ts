import type { Address, Queryable, Region } from '@globalretail/service-kit';

export type Role = 'customer' | 'operator';

export interface Customer {
  id: string;
  email: string;
  name: string;
  region: Region;
  role: Role;
  shippingAddress: Address | null;
  createdAt: Date;
}

/** Only the sign-in path needs the hash; nothing else ever selects it. */
export interface CustomerCredentials extends Customer {
  passwordHash: string;
}

interface CustomerRow {
  id: string;
  email: string;
  name: string;
  region: Region;
  role: Role;
  shipping_address: Address | null;
  created_at: Date;
}

const COLUMNS = 'id, email, name, region, role, shipping_address, created_at';

const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  email: row.email,
  name: row.name,
  region: row.region,
  role: row.role,
  shippingAddress: row.shipping_address,
  createdAt: row.created_at,
});

export class EmailTakenError extends Error {
  constructor() {
    super('email already registered');
  }
}

export async function insertCustomer(
  db: Queryable,
  customer: {
    email: string;
    name: string;
    region: Region;
    role: Role;
    passwordHash: string;
    shippingAddress: Address | null;
  },
): Promise<Customer> {
  try {
    const { rows } = await db.query<CustomerRow>(
      `INSERT INTO crm.customers (email, name, region, role, password_hash, shipping_address)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       RETURNING ${COLUMNS}`,
      [
        customer.email,
        customer.name,
        customer.region,
        customer.role,
        customer.passwordHash,
        customer.shippingAddress === null ? null : JSON.stringify(customer.shippingAddress),
      ],
    );
    return toCustomer(rows[0]!);
  } catch (err) {
    if ((err as { code?: string; constraint?: string }).code === '23505') {
      throw new EmailTakenError();
    }
    throw err;
  }
}

export async function findCustomerById(db: Queryable, id: string): Promise<Customer | undefined> {
  const { rows } = await db.query<CustomerRow>(
    `SELECT ${COLUMNS} FROM crm.customers WHERE id = $1`,
    [id],
  );
  return rows[0] && toCustomer(rows[0]);
}

export async function findCredentialsByEmail(
  db: Queryable,
  email: string,
): Promise<CustomerCredentials | undefined> {
  const { rows } = await db.query<CustomerRow & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM crm.customers WHERE email = $1`,
    [email.toLowerCase()],
  );
  const row = rows[0];
  return row && { ...toCustomer(row), passwordHash: row.password_hash };
}
