export { configSchema, type CrmApiConfig } from './config';
export { createCrmApiDefinition, crmApiDefinition, type CrmApiHandles } from './service';
export type { OrderView } from './domain/order-view';
export { hashPassword, verifyPassword } from './auth/passwords';
