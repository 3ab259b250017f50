export {
  configSchema,
  createLogisticsService,
  logisticsDefinition,
  type LogisticsConfig,
  type LogisticsHandles,
  type LogisticsOverrides,
} from './service';
export {
  chooseCarrier,
  LANES,
  PROMISED_MAX_DAYS,
  RATE_TABLE,
  SERVICE_LEVELS,
  type CarrierOffering,
  type ServiceLevel,
} from './domain/carriers';
export { SHIPMENT_STATUSES, type ShipmentStatus } from './domain/journey';
export { isValidTrackingNumber, parseTrackingNumber } from './domain/tracking-number';
export type { ShipmentView, TrackingView } from './domain/types';
