import { OrderTrackingPage } from '../OrderTrackingPage';

/** The order-tracking view on the catalog page of a service that takes part in orders. */
export function EntityOrdersContent() {
  return <OrderTrackingPage />;
}
