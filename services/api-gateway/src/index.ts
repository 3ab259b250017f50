export { createGatewayApp, type GatewayAppOptions } from './app';
export {
  SERVICE_NAME,
  UPSTREAMS,
  configSchema,
  upstreamUrls,
  type GatewayConfig,
  type UpstreamName,
} from './config';
export { gatewayDocument } from './openapi';
export { CRITICAL_UPSTREAMS, UpstreamLifecycle, type GatewayReadiness } from './readiness';
export {
  ROUTES,
  accessFor,
  expressPath,
  upstreamPath,
  type Access,
  type GatewayRoute,
} from './route-table';
export { startGateway, type RunningGateway, type StartGatewayOptions } from './server';
