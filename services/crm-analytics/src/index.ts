export { configSchema, CRM_ANALYTICS_PORT, type CrmAnalyticsConfig } from './config';
export {
  createCrmAnalyticsDefinition,
  crmAnalyticsDefinition,
  SERVICE_NAME,
  type CrmAnalyticsHandles,
} from './service';
export { BASIS } from './domain/sales-reports';
export type { SalesFilters } from './domain/sales-filters';
