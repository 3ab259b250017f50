export { createCrmUiApp, PAGE_ROUTES, securityHeaders, type CrmUiAppOptions } from './app';
export { configSchema, DEFAULT_WEB_DIR, SERVICE_NAME, type CrmUiConfig } from './config';
export { startCrmUi, type StartOptions } from './server';
