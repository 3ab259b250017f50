import { useCallback, useState } from 'react';
import { Alert, PageHeading } from '../components';
import { useDocumentTitle, usePolling } from '../hooks';
import type { ApiClient } from '../lib/api';
import { ApiError } from '../lib/api-error';
import { formatDateTime, formatMoney } from '../lib/format';
import { messageFor, type UserMessage } from '../lib/messages';
import {
  isFinalShipmentStatus,
  ORDER_POLL_MS,
  ORDER_STATUS_LABEL,
  SHIPMENT_STATUS_LABEL,
  TRACKING_POLL_MS,
  trackingHref,
} from '../lib/tracking';
import type { Order, Tracking } from '../lib/types';
import { Link } from '../navigation';

const HEADINGS = {
  CONFIRMED: 'Order confirmed',
  PENDING: 'We’re confirming your order',
  FAILED: 'Order failed',
} as const;

export function OrderPage({
  api,
  orderId,
  onOrderSeen,
}: {
  api: ApiClient;
  orderId: string;
  /** Every fresh copy of the order (the checkout settles a PENDING order it placed). */
  onOrderSeen: (order: Order) => void;
}) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useDocumentTitle(order ? HEADINGS[order.status] : 'Order');

  const load = useCallback(async () => {
    try {
      const fresh = await api.order(orderId);
      setOrder(fresh);
      setError(null);
      onOrderSeen(fresh);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err);
    }
  }, [api, orderId, onOrderSeen]);

  // A PENDING order is finished by crm-api in the background: ask again until it ends.
  const notFound = error !== null && error.status >= 400 && error.status < 500;
  usePolling(load, ORDER_POLL_MS, !notFound && (order === null || order.status === 'PENDING'));

  if (!order) {
    return (
      <section>
        <PageHeading>Order</PageHeading>
        {error ? (
          <Alert message={messageFor(error, { action: 'load' })} />
        ) : (
          <p>Loading the order…</p>
        )}
        <p>
          <Link to="/orders">Back to your orders</Link>
        </p>
      </section>
    );
  }

  return (
    <section>
      <PageHeading>{HEADINGS[order.status]}</PageHeading>
      <div aria-live="polite">
        {order.status === 'PENDING' && (
          <p className="notice">
            We’re confirming your order with our warehouses. This page updates by itself.
          </p>
        )}
        {order.status === 'FAILED' && (
          <p className="warning">
            {order.failureReason ?? 'The order could not be completed.'} No stock was taken.
          </p>
        )}
      </div>
      {error && <Alert message={messageFor(error, { action: 'load' })} />}
      <dl className="facts card">
        <div>
          <dt>Order number</dt>
          <dd>
            <code className="wrap" data-testid="order-id">
              {order.id}
            </code>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{ORDER_STATUS_LABEL[order.status]}</dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>{formatDateTime(order.createdAt)}</dd>
        </div>
        <div>
          <dt>Delivery</dt>
          <dd>{order.serviceLevel === 'express' ? 'Express' : 'Standard'}</dd>
        </div>
        <div>
          <dt>Ships to</dt>
          <dd>
            {order.shipTo.name}, {order.shipTo.line1}, {order.shipTo.postalCode} {order.shipTo.city}
            , {order.shipTo.country}
          </dd>
        </div>
      </dl>

      <h2>Items</h2>
      <ul className="order-lines card">
        {order.lines.map((line) => (
          <li key={line.sku}>
            <span>
              {line.quantity} × {line.productName} <span className="sku">({line.sku})</span>
            </span>
            <span>{formatMoney(line.unitPriceCents * line.quantity, order.currency)}</span>
          </li>
        ))}
        <li className="order-total">
          <span>Total</span>
          <span>{formatMoney(order.totalCents, order.currency)}</span>
        </li>
      </ul>

      {order.status === 'CONFIRMED' && (
        <>
          <h2>Shipments</h2>
          {order.trackingNumbers.length === 0 && <p>No shipment yet.</p>}
          {order.trackingNumbers.map((tn) => (
            <Shipment key={tn} api={api} trackingNumber={tn} />
          ))}
        </>
      )}
      <p>
        <Link to="/orders">Back to your orders</Link>
      </p>
    </section>
  );
}

/** One shipment: its tracking link and live status (polled until DELIVERED or CANCELLED). */
function Shipment({ api, trackingNumber }: { api: ApiClient; trackingNumber: string }) {
  const [tracking, setTracking] = useState<Tracking | null>(null);
  const [error, setError] = useState<UserMessage | null>(null);
  const [stop, setStop] = useState(false);

  const load = useCallback(async () => {
    try {
      setTracking(await api.tracking(trackingNumber));
      setError(null);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 400) setStop(true);
      setError(messageFor(err, { action: 'load' }));
    }
  }, [api, trackingNumber]);
  usePolling(
    load,
    TRACKING_POLL_MS,
    !stop && !(tracking && isFinalShipmentStatus(tracking.status)),
  );

  const events = tracking ? [...tracking.events].reverse() : [];
  return (
    <article className="card shipment" aria-labelledby={`shipment-${trackingNumber}`}>
      <h3 id={`shipment-${trackingNumber}`}>
        Tracking number <a href={trackingHref(trackingNumber)}>{trackingNumber}</a>
      </h3>
      <p aria-live="polite" className="shipment-status">
        {tracking ? `Status: ${SHIPMENT_STATUS_LABEL[tracking.status]}` : 'Loading status…'}
      </p>
      {error && <p className="warning">{error.lines.join(' ')}</p>}
      {tracking && (
        <>
          <p>
            {tracking.carrier}, {tracking.serviceLevel} —{' '}
            {tracking.status === 'DELIVERED'
              ? `delivered`
              : `estimated delivery ${formatDateTime(tracking.estimatedDeliveryAt)}`}
          </p>
          <h4>Timeline</h4>
          <ol className="timeline" reversed>
            {events.map((e) => (
              <li key={`${e.status}-${e.occurredAt}`}>
                <strong>{SHIPMENT_STATUS_LABEL[e.status]}</strong> — {e.description}, {e.location}{' '}
                <span className="muted">({formatDateTime(e.occurredAt)})</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
