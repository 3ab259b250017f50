import { LOW_STOCK, shortages, stockOf } from '../web/src/lib/availability';
import { formatMoney, shortId } from '../web/src/lib/format';
import {
  CLIENT_ROUTES,
  documentTitle,
  loginHref,
  matchRoute,
  safeNext,
} from '../web/src/lib/router';
import {
  STORAGE_KEYS,
  clearAll,
  loadCart,
  loadCheckout,
  loadSession,
  saveCart,
  saveCheckout,
  saveSession,
  sessionFrom,
  type KeyValueStore,
} from '../web/src/lib/session';
import { isFinalShipmentStatus, trackingHref } from '../web/src/lib/tracking';
import { SHIPMENT_STATUSES } from '../web/src/lib/types';
import { product } from './fixtures';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const ava = {
  id: 'c0000000-0000-4000-8000-000000000001',
  email: 'ava@globalretail.example',
  name: 'Ava Thompson',
  role: 'customer' as const,
  region: 'us-east-1' as const,
};

describe('availability in the customer region', () => {
  it.each([
    [
      { 'us-east-1': 420, 'eu-west-1': 180 },
      600,
      'us-east-1',
      'in-stock',
      'In stock (420 available)',
    ],
    [{ 'us-east-1': LOW_STOCK, 'eu-west-1': 0 }, LOW_STOCK, 'us-east-1', 'low', 'Only 10 left'],
    [{ 'us-east-1': 1, 'eu-west-1': 50 }, 51, 'us-east-1', 'low', 'Only 1 left'],
    [
      { 'us-east-1': 0, 'eu-west-1': 40 },
      40,
      'us-east-1',
      'other-region',
      'Ships from another region (40 available)',
    ],
    [{ 'us-east-1': 0, 'eu-west-1': 0 }, 0, 'eu-west-1', 'out-of-stock', 'Out of stock'],
  ] as const)('%j (total %i) in %s is %s', (availability, total, region, state, label) => {
    const info = stockOf(
      product({ availability: { ...availability }, totalAvailable: total }),
      region,
    );
    expect(info).toMatchObject({ state, label });
  });

  it('an inactive product is out of stock whatever the numbers', () => {
    expect(stockOf(product({ active: false }), 'us-east-1').state).toBe('out-of-stock');
  });

  it('flags cart lines asking for more than can be ordered now', () => {
    const products = [product(), product({ sku: 'GR-1012', totalAvailable: 3 })];
    expect(
      shortages(
        [
          { sku: 'GR-1001', quantity: 600 },
          { sku: 'GR-1012', quantity: 4 },
          { sku: 'GR-0000', quantity: 1 },
        ],
        products,
      ),
    ).toEqual([{ sku: 'GR-1012', requested: 4, available: 3 }]);
  });
});

describe('client routes', () => {
  it('matches every route the server serves', () => {
    expect(CLIENT_ROUTES.map((r) => matchRoute(r.replace(':id', 'o-1')).name)).toEqual([
      'shop',
      'login',
      'cart',
      'orders',
      'order',
    ]);
    expect(matchRoute('/orders/a%20b/')).toEqual({ name: 'order', id: 'a b' });
    expect(matchRoute('/orders/%E0%A4%A')).toEqual({ name: 'not-found' });
    expect(matchRoute('/track/GR1')).toEqual({ name: 'not-found' });
    expect(matchRoute('/login', '?next=%2Fcart')).toEqual({ name: 'login', next: '/cart' });
  });

  it.each([
    ['/cart', '/cart'],
    ['/orders/o-1', '/orders/o-1'],
    [null, '/'],
    ['', '/'],
    ['//evil.example/x', '/'],
    ['https://evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/login', '/'],
    ['/nowhere', '/'],
  ])('after sign-in, next=%p goes to %p (never off-site)', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('builds login links and titles', () => {
    expect(loginHref('/')).toBe('/login');
    expect(loginHref('/orders/o-1')).toBe('/login?next=%2Forders%2Fo-1');
    expect(documentTitle('Your cart')).toBe('Your cart · Global Retail');
  });
});

describe('what the tab remembers (sessionStorage)', () => {
  it('keeps a session until the token expires (a little early)', () => {
    const store = memoryStore();
    const now = 1_000_000;
    saveSession(store, sessionFrom({ token: 'jwt', expiresIn: 3600, user: ava }, now));
    expect(loadSession(store, now + 1000)).toMatchObject({ token: 'jwt', user: ava });
    expect(loadSession(store, now + 3571 * 1000)).toBeNull();
    store.setItem(STORAGE_KEYS.session, '{"token":"x","expiresAt":9e15,"user":{"id":1}}');
    expect(loadSession(store, now)).toBeNull();
    store.setItem(STORAGE_KEYS.session, 'not json');
    expect(loadSession(store, now)).toBeNull();
  });

  it('keeps the cart, delivery option and checkout key per customer', () => {
    const store = memoryStore();
    const cart = [
      { sku: 'GR-1001', name: 'Shirt', unitPriceCents: 3999, currency: 'USD', quantity: 2 },
    ];
    saveCart(store, ava.id, cart, 'express');
    saveCheckout(store, ava.id, { key: 'k-1', fingerprint: 'f', orderId: 'o-1' });
    expect(loadCart(store, ava.id)).toEqual({ cart, serviceLevel: 'express' });
    expect(loadCheckout(store, ava.id)).toEqual({ key: 'k-1', fingerprint: 'f', orderId: 'o-1' });
    // Another customer on the same tab starts empty.
    expect(loadCart(store, 'someone-else')).toEqual({ cart: [], serviceLevel: 'standard' });
    expect(loadCheckout(store, 'someone-else')).toBeNull();

    saveCheckout(store, ava.id, null);
    expect(loadCheckout(store, ava.id)).toBeNull();
    saveSession(store, sessionFrom({ token: 'jwt', expiresIn: 3600, user: ava }, 0));
    clearAll(store);
    expect(store.data.size).toBe(0);
  });

  it('survives a store that throws (storage disabled or full)', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(() => saveCart(broken, ava.id, [], 'standard')).not.toThrow();
    expect(loadCart(broken, ava.id)).toEqual({ cart: [], serviceLevel: 'standard' });
    expect(loadSession(broken, 0)).toBeNull();
  });
});

describe('formatting and tracking', () => {
  it('formats integer cents in the currency', () => {
    expect(formatMoney(7998, 'USD')).toBe('$79.98');
    expect(formatMoney(1234567, 'USD')).toBe('$12,345.67');
    expect(formatMoney(500, 'EUR')).toBe('€5.00');
    expect(formatMoney(500, 'NOT-A-CODE')).toBe('5.00 NOT-A-CODE');
    expect(shortId('6f1c2d3e-0000-4000-8000-000000000001')).toBe('6f1c2d3e');
  });

  it('stops polling a shipment only when it is delivered or cancelled', () => {
    expect(SHIPMENT_STATUSES.filter(isFinalShipmentStatus)).toEqual(['DELIVERED', 'CANCELLED']);
    expect(trackingHref('GRFG52M9CYT7KYZX0DC')).toBe('/track/GRFG52M9CYT7KYZX0DC');
  });
});
