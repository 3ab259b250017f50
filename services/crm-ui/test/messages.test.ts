import { ApiError } from '../web/src/lib/api-error';
import { fieldLabel, messageFor } from '../web/src/lib/messages';

const names: Record<string, string> = {
  'GR-1012': 'Stainless Steel Cookware Set, 10 Piece',
  'GR-1023': 'Pro Yoga Mat 6mm',
};
const productName = (sku: string) => names[sku];
const err = (status: number, code: string, details?: unknown, retryAfter?: number) =>
  new ApiError(status, code, `server says ${code}`, details, retryAfter);
const text = (m: { title: string; lines: string[] }) => [m.title, ...m.lines].join(' ');

describe('error messages', () => {
  it('names the out-of-stock products and says nothing was ordered and the cart is kept', () => {
    const m = messageFor(
      err(409, 'OUT_OF_STOCK', { orderId: 'o', skus: ['GR-1012', 'GR-1023', 'GR-9999'] }),
      {
        action: 'order',
        productName,
      },
    );
    expect(m.title).toBe('Not enough stock');
    expect(m.lines[0]).toBe(
      'There is not enough stock for Stainless Steel Cookware Set, 10 Piece (GR-1012), Pro Yoga Mat 6mm (GR-1023) and GR-9999.',
    );
    expect(m.lines[1]).toMatch(/Nothing was ordered and your cart is unchanged/);
  });

  it('tells a checkout that met a 503, 504, 500 or no answer to try again, the cart being kept', () => {
    for (const e of [
      err(503, 'UPSTREAM_UNAVAILABLE'),
      err(504, 'HTTP_504'),
      err(500, 'INTERNAL'),
      err(0, 'NETWORK'),
      err(503, 'READ_ONLY_REGION'),
    ]) {
      const m = messageFor(e, { action: 'order' });
      expect(m.title).toBe('Service unavailable');
      expect(text(m)).toMatch(/cart is kept/);
      expect(text(m)).toMatch(/not be charged twice/);
    }
    expect(text(messageFor(err(503, 'X'), { action: 'load' }))).not.toMatch(/cart/);
  });

  it('lists each invalid field of a VALIDATION_FAILED answer', () => {
    const m = messageFor(
      err(400, 'VALIDATION_FAILED', [
        { field: 'body.lines.0.quantity', message: 'quantity must be at most 1000' },
        { field: 'body.email', message: 'not an email address' },
      ]),
      { action: 'order' },
    );
    expect(m.lines).toEqual([
      'Line 1 quantity: quantity must be at most 1000',
      'Email: not an email address',
    ]);
    expect(messageFor(err(400, 'VALIDATION_FAILED'), { action: 'order' }).lines).toEqual([
      'server says VALIDATION_FAILED',
    ]);
    expect(fieldLabel('body.shipTo.postalCode')).toBe('Ship to postal code');
  });

  it.each([
    ['INVALID_CREDENTIALS', 401, /email or password is not right/],
    ['UNKNOWN_SKU', 422, /Pro Yoga Mat 6mm \(GR-1023\) can no longer be ordered/],
    ['SHIP_TO_REQUIRED', 422, /no shipping address/],
    ['IDEMPOTENCY_KEY_REUSED', 422, /start a new one/],
    ['UNAUTHENTICATED', 401, /session has ended/],
    ['HTTP_401', 401, /session has ended/],
    ['FORBIDDEN', 403, /customer account/],
    ['ORDER_NOT_FOUND', 404, /could not find that order/],
    ['TOO_MANY_REQUESTS', 429, /wait a moment/],
    ['SOMETHING_NEW', 418, /server says SOMETHING_NEW/],
  ])('%s (%i) reads %p', (code, status, expected) => {
    expect(
      text(messageFor(err(status, code, { skus: ['GR-1023'] }), { action: 'order', productName })),
    ).toMatch(expected);
  });

  it('says how long to wait after too many sign-in attempts', () => {
    expect(
      messageFor(err(429, 'TOO_MANY_ATTEMPTS', undefined, 61), { action: 'sign-in' }).lines,
    ).toEqual(['Please wait 2 minutes before trying again.']);
    expect(
      messageFor(err(429, 'TOO_MANY_ATTEMPTS', undefined, 30), { action: 'sign-in' }).lines,
    ).toEqual(['Please wait 1 minute before trying again.']);
  });
});
