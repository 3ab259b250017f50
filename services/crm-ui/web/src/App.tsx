import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { usePolling } from './hooks';
import { createApiClient } from './lib/api';
import { ApiError } from './lib/api-error';
import {
  addToCart,
  itemCount,
  orderRequestOf,
  removeFromCart,
  setQuantity,
  syncWithCatalogue,
  type Cart,
} from './lib/cart';
import {
  automaticRetryDelayMs,
  initialCheckout,
  newIdempotencyKey,
  settleCheckout,
  settlePendingOrder,
  startCheckout,
  type CheckoutState,
} from './lib/checkout';
import { REGION_LABEL } from './lib/format';
import { messageFor, type UserMessage } from './lib/messages';
import { loginHref, matchRoute } from './lib/router';
import {
  clearAll,
  loadCart,
  loadCheckout,
  loadSession,
  saveCart,
  saveCheckout,
  saveSession,
  sessionFrom,
  type Session,
} from './lib/session';
import { PRODUCTS_POLL_MS } from './lib/tracking';
import type { LoginResult, Order, Product, ServiceLevel } from './lib/types';
import { Link, useNavigation } from './navigation';
import { CartPage } from './pages/CartPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { ShopPage } from './pages/ShopPage';

const store = window.sessionStorage;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function App() {
  const { location, navigate } = useNavigation();
  const route = matchRoute(location.pathname, location.search);

  const [session, setSession] = useState<Session | null>(() => loadSession(store, Date.now()));
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const [notice, setNotice] = useState<string | null>(null);
  const [cartState, setCartState] = useState(() =>
    session
      ? loadCart(store, session.user.id)
      : { cart: [] as Cart, serviceLevel: 'standard' as ServiceLevel },
  );
  const { cart, serviceLevel } = cartState;
  const checkoutRef = useRef<CheckoutState>(
    initialCheckout(session ? loadCheckout(store, session.user.id) : null),
  );
  const [checkout, setCheckoutView] = useState(checkoutRef.current);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [productsError, setProductsError] = useState<UserMessage | null>(null);
  const [productsAt, setProductsAt] = useState<number | null>(null);

  const userId = session?.user.id;
  useEffect(() => {
    if (userId) saveCart(store, userId, cart, serviceLevel);
  }, [userId, cart, serviceLevel]);

  const updateCheckout = useCallback((next: CheckoutState) => {
    checkoutRef.current = next;
    setCheckoutView(next);
    const owner = sessionRef.current?.user.id;
    if (owner) saveCheckout(store, owner, next.attempt);
  }, []);

  /** The token was refused: sign in again, keeping this customer's cart and checkout key. */
  const sessionEnded = useCallback(() => {
    if (!sessionRef.current) return;
    sessionRef.current = null;
    saveSession(store, null);
    setSession(null);
    setNotice('Your session has ended. Please sign in again; your cart is kept.');
  }, []);

  const api = useMemo(
    () =>
      createApiClient({
        fetch: (url, init) => window.fetch(url, init),
        token: () => sessionRef.current?.token ?? null,
        onUnauthenticated: sessionEnded,
      }),
    [sessionEnded],
  );

  // Signed out: every page but /login goes to /login, which comes back here after.
  useEffect(() => {
    if (!session && route.name !== 'login') {
      navigate(loginHref(location.pathname + location.search), { replace: true });
    } else if (session && route.name === 'login') {
      navigate(route.next, { replace: true });
    }
  }, [session, route, location, navigate]);

  // After an in-app navigation, start keyboard and screen-reader users at the new page's h1.
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (firstPath.current === location.pathname) return;
    firstPath.current = '';
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location.pathname]);

  const refreshProducts = useCallback(async () => {
    try {
      const list = await api.products();
      setProducts(list);
      setProductsError(null);
      setProductsAt(Date.now());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setProductsError(messageFor(err, { action: 'load' }));
    }
  }, [api]);
  usePolling(
    refreshProducts,
    PRODUCTS_POLL_MS,
    session !== null && (route.name === 'shop' || route.name === 'cart'),
  );
  useEffect(() => {
    if (products) setCartState((s) => ({ ...s, cart: syncWithCatalogue(s.cart, products) }));
  }, [products]);

  const signedIn = (login: LoginResult) => {
    const next = sessionFrom(login, Date.now());
    saveSession(store, next);
    sessionRef.current = next;
    setSession(next);
    setNotice(null);
    setCartState(loadCart(store, next.user.id));
    const attempt = loadCheckout(store, next.user.id);
    checkoutRef.current = initialCheckout(attempt);
    setCheckoutView(checkoutRef.current);
  };

  const signOut = () => {
    clearAll(store);
    sessionRef.current = null;
    setSession(null);
    setCartState({ cart: [], serviceLevel: 'standard' });
    checkoutRef.current = initialCheckout();
    setCheckoutView(checkoutRef.current);
    setNotice('You are signed out.');
    navigate('/login');
  };

  const setCart = (update: (cart: Cart) => Cart) =>
    setCartState((s) => ({ ...s, cart: update(s.cart) }));

  const placeOrder = async () => {
    const request = orderRequestOf(cart, serviceLevel);
    const started = startCheckout(checkoutRef.current, request, () => newIdempotencyKey());
    if (!started.send) return;
    updateCheckout(started.state);
    let outcome = await api.placeOrder(request, started.send.key);
    for (let retries = 0; ; retries++) {
      const delay = automaticRetryDelayMs(outcome, retries);
      if (delay === null) break;
      await sleep(delay);
      outcome = await api.placeOrder(request, started.send.key);
    }
    const effects = settleCheckout(checkoutRef.current, outcome);
    updateCheckout(effects.state);
    if (effects.clearCart) setCart(() => []);
    if (effects.refreshProducts) void refreshProducts();
    if (effects.signIn) sessionEnded();
    if (effects.goTo) navigate(effects.goTo);
  };

  const orderSeen = useCallback(
    (order: Order) => {
      const { attempt, clearCart } = settlePendingOrder(checkoutRef.current.attempt, order);
      if (attempt === checkoutRef.current.attempt) return;
      updateCheckout({ phase: 'ready', attempt });
      if (clearCart) setCartState((s) => ({ ...s, cart: [] }));
      void refreshProducts();
    },
    [updateCheckout, refreshProducts],
  );

  let page;
  if (!session) {
    page = <LoginPage api={api} notice={notice} onSignedIn={signedIn} />;
  } else {
    switch (route.name) {
      case 'login':
        page = <p>Signing you in…</p>;
        break;
      case 'shop':
        page = (
          <ShopPage
            products={products}
            productsError={productsError}
            updatedAt={productsAt}
            region={session.user.region}
            cart={cart}
            onAdd={(product) => {
              const result = addToCart(cart, product);
              setCart(() => result.cart);
              if (result.problem === 'too-many-lines') {
                return 'Your cart is full: an order has at most 50 different products.';
              }
              if (result.problem === 'max-quantity') {
                return `You already have the most of ${product.name} one order can hold.`;
              }
              const quantity = result.cart.find((l) => l.sku === product.sku)?.quantity ?? 1;
              return `Added ${product.name} to your cart (${quantity} in cart).`;
            }}
          />
        );
        break;
      case 'cart':
        page = (
          <CartPage
            api={api}
            customerId={session.user.id}
            cart={cart}
            products={products}
            serviceLevel={serviceLevel}
            checkout={checkout}
            onServiceLevel={(level) => setCartState((s) => ({ ...s, serviceLevel: level }))}
            onQuantity={(sku, quantity) => setCart((c) => setQuantity(c, sku, quantity))}
            onRemove={(sku) => setCart((c) => removeFromCart(c, sku))}
            onPlaceOrder={() => void placeOrder()}
          />
        );
        break;
      case 'orders':
        page = <OrdersPage api={api} customerId={session.user.id} />;
        break;
      case 'order':
        page = <OrderPage key={route.id} api={api} orderId={route.id} onOrderSeen={orderSeen} />;
        break;
      case 'not-found':
        page = <NotFoundPage />;
        break;
    }
  }

  const count = itemCount(cart);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            Global Retail
          </Link>
          {session && (
            <>
              <nav aria-label="Main">
                <ul>
                  <li>
                    <Link to="/">Products</Link>
                  </li>
                  <li>
                    <Link to="/cart">
                      Cart{count > 0 && <span className="count"> ({count})</span>}
                    </Link>
                  </li>
                  <li>
                    <Link to="/orders">Orders</Link>
                  </li>
                </ul>
              </nav>
              <div className="account">
                <span className="muted">
                  {session.user.name} · {REGION_LABEL[session.user.region] ?? session.user.region}
                </span>
                <button type="button" className="button small" onClick={signOut}>
                  Sign out
                </button>
              </div>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <footer className="site-footer">
        <p className="muted">Global Retail customer dashboard</p>
      </footer>
    </>
  );
}
