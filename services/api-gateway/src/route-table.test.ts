import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROUTES, accessFor, expressPath, upstreamPath, type GatewayRoute } from './route-table';

const route = (group: string): GatewayRoute => ROUTES.find((r) => r.group === group)!;

describe('upstreamPath', () => {
  it('strips /api, or /api/analytics for the analytics APIs, keeping the query', () => {
    expect(upstreamPath(route('orders'), '/api/orders/o-1?x=1')).toBe('/orders/o-1?x=1');
    expect(upstreamPath(route('sales-api'), '/api/analytics/sales/daily')).toBe('/sales/daily');
    expect(upstreamPath(route('supply-api'), '/api/analytics/supply?w=1')).toBe('/supply?w=1');
  });

  it('leaves pages alone', () => {
    expect(upstreamPath(route('tracking-page'), '/track/1Z1')).toBe('/track/1Z1');
    expect(upstreamPath(route('crm-ui'), '/orders/o-1')).toBe('/orders/o-1');
  });
});

describe('accessFor', () => {
  it('lets anyone sign up, but only signed-in callers read a customer', () => {
    const customers = route('customers');
    expect(accessFor(customers, 'POST', '/api/customers')).toBe('anyone');
    expect(accessFor(customers, 'POST', '/api/customers/')).toBe('anyone');
    expect(accessFor(customers, 'GET', '/api/customers')).toBe('signed-in');
    expect(accessFor(customers, 'POST', '/api/customers/c-1/orders')).toBe('signed-in');
  });

  it('keeps stock readable by anyone and writable by operators', () => {
    expect(accessFor(route('inventory'), 'GET', '/api/inventory/GR-1')).toBe('anyone');
    expect(accessFor(route('inventory'), 'HEAD', '/api/inventory/GR-1')).toBe('anyone');
    expect(accessFor(route('inventory'), 'PUT', '/api/inventory/GR-1')).toBe('operator');
    expect(accessFor(route('inventory'), 'DELETE', '/api/inventory/GR-1')).toBe('operator');
  });
});

describe('the table', () => {
  it('puts the crm-ui catch-all last, so it never shadows another route', () => {
    expect(ROUTES.at(-1)!.group).toBe('crm-ui');
    expect(ROUTES.filter((r) => r.path === '/')).toHaveLength(1);
  });

  it('matches a prefix and everything below it, never a longer word', () => {
    expect(expressPath(route('tracking-page'))).toBe('/track{/*rest}');
    expect(expressPath(route('jwks'))).toBe('/.well-known/jwks.json');
    expect(expressPath(route('crm-ui'))).toBe('/{*rest}');
  });

  it('has one group name per route and ends every access list with a rule for all methods', () => {
    expect(new Set(ROUTES.map((r) => r.group)).size).toBe(ROUTES.length);
    for (const r of ROUTES) expect(r.access.at(-1)).toEqual({ access: r.access.at(-1)!.access });
  });
});

describe('the README', () => {
  it('lists every route of the table in its URL map', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    for (const r of ROUTES) {
      const shown = r.exact ? r.path : r.path === '/' ? '/*' : `${r.path}/*`;
      expect([r.group, readme.includes(`| \`${shown}\``)]).toEqual([r.group, true]);
    }
  });
});
