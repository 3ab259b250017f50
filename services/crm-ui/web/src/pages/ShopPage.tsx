import { useState } from 'react';
import { Alert, PageHeading, VisuallyHidden } from '../components';
import { useDocumentTitle } from '../hooks';
import { stockOf } from '../lib/availability';
import type { Cart } from '../lib/cart';
import { formatMoney, REGION_LABEL } from '../lib/format';
import type { UserMessage } from '../lib/messages';
import { PRODUCTS_POLL_MS } from '../lib/tracking';
import type { Product, Region } from '../lib/types';

export function ShopPage({
  products,
  productsError,
  updatedAt,
  region,
  cart,
  onAdd,
}: {
  products: Product[] | null;
  productsError: UserMessage | null;
  updatedAt: number | null;
  region: Region;
  cart: Cart;
  onAdd: (product: Product) => string;
}) {
  useDocumentTitle('Products');
  const [added, setAdded] = useState('');
  const inCart = new Map(cart.map((l) => [l.sku, l.quantity]));

  return (
    <section>
      <PageHeading>Products</PageHeading>
      <p className="muted">
        Availability in your region ({REGION_LABEL[region] ?? region}) refreshes every{' '}
        {PRODUCTS_POLL_MS / 1000} seconds
        {updatedAt !== null && <> (last checked {new Date(updatedAt).toLocaleTimeString()})</>}.
      </p>
      <Alert message={productsError} />
      <p role="status" className="status-line">
        {added}
      </p>
      {products === null && !productsError && <p>Loading products…</p>}
      {products !== null && (
        <ul className="product-grid">
          {products.map((product) => {
            const stock = stockOf(product, region);
            const headingId = `product-${product.sku}`;
            const quantityInCart = inCart.get(product.sku) ?? 0;
            return (
              <li key={product.sku}>
                <article className="card product" aria-labelledby={headingId}>
                  <h2 id={headingId}>{product.name}</h2>
                  <p className="sku">SKU {product.sku}</p>
                  <p>{product.description}</p>
                  <p className="price">{formatMoney(product.priceCents, product.currency)}</p>
                  <p className={`stock stock-${stock.state}`}>{stock.label}</p>
                  {quantityInCart > 0 && <p className="muted">In your cart: {quantityInCart}</p>}
                  <button
                    type="button"
                    className="button"
                    disabled={stock.state === 'out-of-stock'}
                    onClick={() => setAdded(onAdd(product))}
                  >
                    Add <VisuallyHidden>{product.sku} </VisuallyHidden>to cart
                  </button>
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
