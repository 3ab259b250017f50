export {
  ANALYTICS_PORT,
  SERVICE_NAME,
  analyticsDefinition,
  configSchema,
  createAnalyticsService,
  type AnalyticsConfig,
  type AnalyticsHandles,
  type AnalyticsOverrides,
} from './service';
export { forecastDemand, type ForecastOptions, type ForecastResult } from './domain/forecast';
export type { SupplySummary } from './domain/figures';
