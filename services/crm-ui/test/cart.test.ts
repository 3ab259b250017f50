import {
  MAX_LINES,
  MAX_QUANTITY,
  addToCart,
  cartTotals,
  itemCount,
  lineTotalCents,
  orderRequestOf,
  parseQuantity,
  parseStoredCart,
  removeFromCart,
  setQuantity,
  syncWithCatalogue,
  type Cart,
} from '../web/src/lib/cart';
import { product } from './fixtures';

const shirt = product();
const socks = product({ sku: 'GR-1005', name: 'Running Socks 3-Pack', priceCents: 1499 });

describe('cart maths', () => {
  it('adds a product as a line, then increments that line', () => {
    let cart: Cart = [];
    cart = addToCart(cart, shirt).cart;
    cart = addToCart(cart, socks).cart;
    cart = addToCart(cart, shirt).cart;
    expect(cart.map((l) => [l.sku, l.quantity])).toEqual([
      ['GR-1001', 2],
      ['GR-1005', 1],
    ]);
    expect(cart[0]).toMatchObject({ name: shirt.name, unitPriceCents: 3999, currency: 'USD' });
  });

  it('never goes past crm-api limits: 1000 per line, 50 lines', () => {
    const full = addToCart([], shirt, MAX_QUANTITY).cart;
    expect(addToCart(full, shirt)).toEqual({ cart: full, problem: 'max-quantity' });
    expect(addToCart(addToCart([], shirt, 999).cart, shirt, 5).cart[0]!.quantity).toBe(1000);

    let many: Cart = [];
    for (let i = 0; i < MAX_LINES; i++) {
      many = addToCart(many, product({ sku: `GR-${2000 + i}` })).cart;
    }
    expect(many).toHaveLength(50);
    expect(addToCart(many, socks)).toEqual({ cart: many, problem: 'too-many-lines' });
    // A product already in a full cart can still be incremented.
    expect(addToCart(many, product({ sku: 'GR-2000' })).cart[0]!.quantity).toBe(2);
  });

  it('changes and removes lines without touching the others (and never mutates)', () => {
    const cart = addToCart(addToCart([], shirt).cart, socks).cart;
    const frozen = JSON.stringify(cart);
    expect(setQuantity(cart, 'GR-1005', 7).map((l) => l.quantity)).toEqual([1, 7]);
    expect(removeFromCart(cart, 'GR-1001').map((l) => l.sku)).toEqual(['GR-1005']);
    expect(JSON.stringify(cart)).toBe(frozen);
  });

  it.each([
    ['1', 1],
    [' 12 ', 12],
    ['1000', 1000],
    ['1001', null],
    ['0', null],
    ['-1', null],
    ['2.5', null],
    ['1e2', null],
    ['', null],
    ['abc', null],
  ])('reads the quantity box %j as %p', (text, expected) => {
    expect(parseQuantity(text)).toBe(expected);
  });

  it('sums in integer cents per currency, so there is no floating-point drift', () => {
    let cart = addToCart([], shirt, 3).cart; // 3 x 39.99
    cart = addToCart(cart, socks, 1).cart; // 14.99
    cart = addToCart(cart, product({ sku: 'GR-1022', priceCents: 10 }), 7).cart; // 7 x 0.10
    expect(lineTotalCents(cart[0]!)).toBe(11997);
    expect(cartTotals(cart)).toEqual([{ currency: 'USD', cents: 11997 + 1499 + 70 }]);
    expect(itemCount(cart)).toBe(11);
    expect(cartTotals([])).toEqual([]);

    const mixed = addToCart(
      cart,
      product({ sku: 'GR-9', currency: 'EUR', priceCents: 500 }),
      2,
    ).cart;
    expect(cartTotals(mixed)).toEqual([
      { currency: 'USD', cents: 13566 },
      { currency: 'EUR', cents: 1000 },
    ]);
  });

  it('takes new names and prices from the catalogue, and keeps the same array when nothing changed', () => {
    const cart = addToCart([], shirt, 2).cart;
    expect(syncWithCatalogue(cart, [shirt, socks])).toBe(cart);
    const repriced = syncWithCatalogue(cart, [product({ priceCents: 3499 })]);
    expect(repriced).not.toBe(cart);
    expect(repriced[0]).toMatchObject({ unitPriceCents: 3499, quantity: 2 });
    // A product missing from the catalogue keeps its last known details.
    expect(syncWithCatalogue(cart, [])).toBe(cart);
  });

  it('builds the POST /api/orders body from the cart', () => {
    const cart = addToCart(addToCart([], shirt, 2).cart, socks).cart;
    expect(orderRequestOf(cart, 'express')).toEqual({
      lines: [
        { sku: 'GR-1001', quantity: 2 },
        { sku: 'GR-1005', quantity: 1 },
      ],
      serviceLevel: 'express',
    });
  });

  it('reads a stored cart defensively: bad lines and duplicate SKUs are dropped', () => {
    const good = addToCart([], shirt, 2).cart[0]!;
    expect(
      parseStoredCart([
        good,
        { ...good, quantity: 5 },
        { ...good, sku: 'GR-2', quantity: 0 },
        { ...good, sku: 'GR-3', quantity: 1.5 },
        { ...good, sku: 'GR-4', unitPriceCents: '10' },
        null,
        'x',
      ]),
    ).toEqual([good]);
    expect(parseStoredCart({ lines: [] })).toEqual([]);
    expect(parseStoredCart(undefined)).toEqual([]);
  });
});
