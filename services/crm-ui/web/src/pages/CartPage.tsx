import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert, PageHeading, VisuallyHidden } from '../components';
import { useDocumentTitle } from '../hooks';
import type { ApiClient } from '../lib/api';
import { shortages } from '../lib/availability';
import {
  cartTotals,
  itemCount,
  lineTotalCents,
  MAX_QUANTITY,
  parseQuantity,
  type Cart,
} from '../lib/cart';
import type { CheckoutState } from '../lib/checkout';
import { formatMoney, shortId } from '../lib/format';
import { messageFor, type UserMessage } from '../lib/messages';
import { Link } from '../navigation';
import type { Address, Product, ServiceLevel } from '../lib/types';

function checkoutMessage(
  checkout: CheckoutState,
  productName: (sku: string) => string | undefined,
): UserMessage | null {
  const outcome = checkout.outcome;
  if (!outcome || checkout.phase === 'submitting' || checkout.phase === 'placed') return null;
  switch (outcome.kind) {
    case 'failed':
      return {
        title: 'Your order could not be completed',
        lines: [
          outcome.order.failureReason ?? 'The order failed.',
          'No stock was taken and your cart is kept. You can try again.',
        ],
      };
    case 'confirmed':
    case 'pending':
      return null;
    default:
      return messageFor(outcome.error, { action: 'order', productName });
  }
}

export function CartPage({
  api,
  customerId,
  cart,
  products,
  serviceLevel,
  checkout,
  onServiceLevel,
  onQuantity,
  onRemove,
  onPlaceOrder,
}: {
  api: ApiClient;
  customerId: string;
  cart: Cart;
  products: Product[] | null;
  serviceLevel: ServiceLevel;
  checkout: CheckoutState;
  onServiceLevel: (level: ServiceLevel) => void;
  onQuantity: (sku: string, quantity: number) => void;
  onRemove: (sku: string) => void;
  onPlaceOrder: () => void;
}) {
  const count = itemCount(cart);
  useDocumentTitle(count ? `Cart (${count})` : 'Cart');
  const id = useId();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [inputError, setInputError] = useState<UserMessage | null>(null);
  const [address, setAddress] = useState<Address | null | undefined>(undefined);
  const [addressFailed, setAddressFailed] = useState(false);

  useEffect(() => {
    let live = true;
    api.customer(customerId).then(
      (c) => live && setAddress(c.address),
      () => live && setAddressFailed(true),
    );
    return () => {
      live = false;
    };
  }, [api, customerId]);

  const names = new Map([
    ...cart.map((l) => [l.sku, l.name] as const),
    ...(products ?? []).map((p) => [p.sku, p.name] as const),
  ]);
  const productName = (sku: string) => names.get(sku);
  const short = new Map(shortages(cart, products ?? []).map((s) => [s.sku, s]));
  const submitting = checkout.phase === 'submitting';
  const invalid = cart.filter(
    (l) => drafts[l.sku] !== undefined && parseQuantity(drafts[l.sku]!) === null,
  );

  function changeQuantity(sku: string, text: string) {
    setDrafts((d) => ({ ...d, [sku]: text }));
    const quantity = parseQuantity(text);
    if (quantity !== null) onQuantity(sku, quantity);
  }

  function settleDraft(sku: string) {
    const text = drafts[sku];
    if (text !== undefined && parseQuantity(text) !== null) {
      setDrafts(({ [sku]: _settled, ...rest }) => rest);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (invalid.length > 0) {
      setInputError({
        title: 'Please check your cart',
        lines: invalid.map(
          (l) =>
            `The quantity of ${l.name} (${l.sku}) must be a whole number from 1 to ${MAX_QUANTITY}.`,
        ),
      });
      return;
    }
    setInputError(null);
    onPlaceOrder();
  }

  if (cart.length === 0) {
    return (
      <section>
        <PageHeading>Your cart</PageHeading>
        <p>Your cart is empty.</p>
        <p>
          <Link to="/">Browse products</Link>
        </p>
      </section>
    );
  }

  return (
    <section>
      <PageHeading>Your cart</PageHeading>
      {checkout.attempt?.orderId && (
        <p className="notice">
          We are still confirming your order{' '}
          <Link to={`/orders/${checkout.attempt.orderId}`}>
            {shortId(checkout.attempt.orderId)}
          </Link>
          . Placing this same cart again is safe: it will not order twice.
        </p>
      )}
      <form onSubmit={submit} noValidate aria-busy={submitting}>
        <ul className="cart-lines">
          {cart.map((line) => {
            const inputId = `${id}-qty-${line.sku}`;
            const hintId = `${inputId}-hint`;
            const draft = drafts[line.sku];
            const bad = draft !== undefined && parseQuantity(draft) === null;
            const shortage = short.get(line.sku);
            return (
              <li key={line.sku} className="card cart-line">
                <h2>{line.name}</h2>
                <p className="sku">SKU {line.sku}</p>
                <p>{formatMoney(line.unitPriceCents, line.currency)} each</p>
                <div className="field inline">
                  <label htmlFor={inputId}>
                    Quantity<VisuallyHidden> of {line.sku}</VisuallyHidden>
                  </label>
                  <input
                    id={inputId}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_QUANTITY}
                    step={1}
                    value={draft ?? String(line.quantity)}
                    aria-invalid={bad || undefined}
                    aria-describedby={bad || shortage ? hintId : undefined}
                    onChange={(e) => changeQuantity(line.sku, e.target.value)}
                    onBlur={() => settleDraft(line.sku)}
                  />
                  <button
                    type="button"
                    className="button link-like"
                    onClick={() => {
                      setDrafts(({ [line.sku]: _removed, ...rest }) => rest);
                      onRemove(line.sku);
                    }}
                  >
                    Remove<VisuallyHidden> {line.sku}</VisuallyHidden>
                  </button>
                </div>
                {(bad || shortage) && (
                  <p id={hintId} className={bad ? 'field-error' : 'warning'}>
                    {bad
                      ? `Enter a whole number from 1 to ${MAX_QUANTITY}.`
                      : shortage!.available === 0
                        ? 'Out of stock right now.'
                        : `Only ${shortage!.available} can be ordered right now.`}
                  </p>
                )}
                <p className="line-total">
                  Subtotal: {formatMoney(lineTotalCents(line), line.currency)}
                </p>
              </li>
            );
          })}
        </ul>

        <div className="card checkout">
          <h2>Checkout</h2>
          <dl className="totals">
            <div className="total-row">
              <dt>Items</dt>
              <dd>{count}</dd>
            </div>
            {cartTotals(cart).map((t) => (
              <div key={t.currency} className="total-row">
                <dt>Total{cartTotals(cart).length > 1 ? ` (${t.currency})` : ''}</dt>
                <dd data-testid="cart-total">{formatMoney(t.cents, t.currency)}</dd>
              </div>
            ))}
          </dl>
          <fieldset>
            <legend>Delivery</legend>
            {(['standard', 'express'] as const).map((level) => (
              <div key={level} className="radio">
                <input
                  id={`${id}-${level}`}
                  type="radio"
                  name="serviceLevel"
                  value={level}
                  checked={serviceLevel === level}
                  disabled={submitting}
                  onChange={() => onServiceLevel(level)}
                />
                <label htmlFor={`${id}-${level}`}>
                  {level === 'standard' ? 'Standard' : 'Express'}
                </label>
              </div>
            ))}
          </fieldset>
          <h3>Ships to</h3>
          {address === undefined && !addressFailed && (
            <p className="muted">Loading your address…</p>
          )}
          {addressFailed && <p className="muted">Your default shipping address.</p>}
          {address === null && (
            <p className="warning">
              Your account has no shipping address; the order cannot be sent until one is added.
            </p>
          )}
          {address && (
            <address>
              {address.name}
              <br />
              {address.line1}
              {address.line2 && (
                <>
                  <br />
                  {address.line2}
                </>
              )}
              <br />
              {address.postalCode} {address.city}, {address.country}
            </address>
          )}
          <Alert message={inputError ?? checkoutMessage(checkout, productName)}>
            {checkout.phase === 'refused' && checkout.outcome?.kind === 'failed' && (
              <p>
                <Link to={`/orders/${checkout.outcome.order.id}`}>View the failed order</Link>
              </p>
            )}
          </Alert>
          <button type="submit" className="button primary" disabled={submitting}>
            Place order
          </button>
          <p role="status" className="status-line">
            {submitting ? 'Placing your order…' : ''}
          </p>
        </div>
      </form>
    </section>
  );
}
