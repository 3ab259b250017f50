export { OrderTrackingPage } from './OrderTrackingPage';
