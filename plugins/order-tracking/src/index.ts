export { orderTrackingPlugin as default, ORDER_TRACKING_ANNOTATION } from './plugin';
export {
  orderTrackingApiRef,
  OrderTrackingClient,
  type OrderTrackingApi,
} from './api/OrderTrackingApi';
