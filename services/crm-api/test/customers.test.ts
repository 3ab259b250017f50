import { type CrmApiUnderTest, DEMO, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
let ava: string;
let elias: string;
let ops: string;
beforeAll(async () => {
  crm = await startCrmApi();
  [ava, elias, ops] = await Promise.all([
    crm.login(DEMO.ava.email),
    crm.login(DEMO.elias.email),
    crm.login(DEMO.ops.email),
  ]);
});
afterAll(() => crm.stop());

const address = {
  name: 'Zoe Miller',
  line1: '1 Main St',
  city: 'Boston',
  postalCode: '02108',
  country: 'US',
};

describe('POST /customers', () => {
  it('signs a customer up; they can then sign in', async () => {
    const res = await crm.call('POST', '/customers', {
      body: {
        email: 'Zoe.Miller@Example.com',
        name: 'Zoe Miller',
        region: 'us-east-1',
        password: 'correct horse battery',
        address,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: 'zoe.miller@example.com',
      name: 'Zoe Miller',
      role: 'customer',
      region: 'us-east-1',
      address,
      createdAt: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/customers/${res.body.id}`);
    expect(res.text).not.toMatch(/password|scrypt/i);

    const { rows } = await crm.db.pool.query(
      'SELECT password_hash FROM crm.customers WHERE id = $1',
      [res.body.id],
    );
    expect(rows[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    const events = await crm.db.pool.query(
      'SELECT event_type, payload FROM crm.outbox WHERE aggregate_id = $1',
      [res.body.id],
    );
    expect(events.rows).toEqual([
      {
        event_type: 'customer.registered',
        payload: {
          customerId: res.body.id,
          region: 'us-east-1',
          role: 'customer',
          registeredAt: res.body.createdAt,
        },
      },
    ]);

    const token = await crm.login('zoe.miller@example.com', 'correct horse battery');
    const self = await crm.call('GET', `/customers/${res.body.id}`, { token });
    expect(self.body).toEqual(res.body);
  });

  it('refuses an email that is taken, whatever its case, and writes nothing', async () => {
    const before = await crm.snapshot();
    const res = await crm.call('POST', '/customers', {
      body: {
        email: 'AVA@globalretail.EXAMPLE',
        name: 'Another Ava',
        region: 'eu-west-1',
        password: 'long-enough-password',
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
    expect(await crm.snapshot()).toEqual(before);
  });

  it('lets an operator create a customer (always with the customer role)', async () => {
    const res = await crm.call('POST', '/customers', {
      token: ops,
      body: {
        email: 'created-by-ops@example.com',
        name: 'Walk-in Customer',
        region: 'eu-west-1',
        password: 'temporary-password-1',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'customer', region: 'eu-west-1', address: null });
  });
});

describe('GET /customers/:id', () => {
  it('shows a customer to themself and to operators', async () => {
    const own = await crm.call('GET', `/customers/${DEMO.ava.id}`, { token: ava });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      id: DEMO.ava.id,
      email: DEMO.ava.email,
      role: 'customer',
      address: expect.objectContaining({ country: 'US' }),
    });
    expect(own.text).not.toMatch(/password|scrypt/i);
    const byOperator = await crm.call('GET', `/customers/${DEMO.ava.id}`, { token: ops });
    expect(byOperator.body).toEqual(own.body);
  });

  it('answers another customer 404, exactly as for an id that does not exist', async () => {
    const other = await crm.call('GET', `/customers/${DEMO.ava.id}`, { token: elias });
    const missing = await crm.call('GET', '/customers/9d0f1e2a-0000-4000-8000-000000000000', {
      token: ops,
    });
    expect(other.status).toBe(404);
    expect(other.body).toEqual({
      error: { code: 'CUSTOMER_NOT_FOUND', message: 'customer not found' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(other.body);
  });

  it('needs a signed-in caller', async () => {
    expect((await crm.call('GET', `/customers/${DEMO.ava.id}`)).status).toBe(401);
    const garbage = await crm.call('GET', `/customers/${DEMO.ava.id}`, { token: 'not.a.jwt' });
    expect(garbage.status).toBe(401);
  });
});
