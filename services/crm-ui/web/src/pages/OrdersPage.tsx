import { useEffect, useState } from 'react';
import { Alert, PageHeading } from '../components';
import { useDocumentTitle } from '../hooks';
import type { ApiClient } from '../lib/api';
import { ApiError } from '../lib/api-error';
import { formatDateTime, formatMoney, shortId } from '../lib/format';
import { messageFor, type UserMessage } from '../lib/messages';
import { ORDER_STATUS_LABEL } from '../lib/tracking';
import type { Order } from '../lib/types';
import { Link } from '../navigation';

export function OrdersPage({ api, customerId }: { api: ApiClient; customerId: string }) {
  useDocumentTitle('Your orders');
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [error, setError] = useState<UserMessage | null>(null);

  useEffect(() => {
    let live = true;
    api.customerOrders(customerId).then(
      (list) => {
        if (!live) return;
        setOrders(list);
        setError(null);
      },
      (err: unknown) => {
        if (!live) return;
        if (!(err instanceof ApiError)) throw err;
        setError(messageFor(err, { action: 'load' }));
      },
    );
    return () => {
      live = false;
    };
  }, [api, customerId]);

  return (
    <section>
      <PageHeading>Your orders</PageHeading>
      <Alert message={error} />
      {orders === null && !error && <p>Loading your orders…</p>}
      {orders?.length === 0 && (
        <p>
          You have no orders yet. <Link to="/">Browse products</Link>
        </p>
      )}
      {orders && orders.length > 0 && (
        <ul className="order-list">
          {orders.map((order) => (
            <li key={order.id} className="card order-summary">
              <h2>
                <Link to={`/orders/${order.id}`}>Order {shortId(order.id)}</Link>
              </h2>
              <p>
                <span className={`badge badge-${order.status.toLowerCase()}`}>
                  {ORDER_STATUS_LABEL[order.status]}
                </span>{' '}
                placed {formatDateTime(order.createdAt)}
              </p>
              <p>
                {order.lines.reduce((n, l) => n + l.quantity, 0)} items,{' '}
                {formatMoney(order.totalCents, order.currency)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
