export { orderTrackingPlugin as default } from './plugin';
