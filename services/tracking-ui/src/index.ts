export { buildTrackingUiApp, PAGE_PREFIX, SERVICE_NAME, type TrackingUiDeps } from './app';
export { configSchema, TRACKING_UI_PORT, type TrackingUiConfig } from './config';
