import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema as analyticsService } from '../../../services/analytics-service/src/service';
import { configSchema as apiGateway } from '../../../services/api-gateway/src/config';
import { configSchema as crmAnalytics } from '../../../services/crm-analytics/src/config';
import { configSchema as crmApi } from '../../../services/crm-api/src/config';
import { configSchema as crmUi } from '../../../services/crm-ui/src/config';
import { configSchema as inventoryService } from '../../../services/inventory-service/src/service';
import { configSchema as logisticsService } from '../../../services/logistics-service/src/service';
import { configSchema as orderService } from '../../../services/order-service/src/service';
import { configSchema as trackingUi } from '../../../services/tracking-ui/src/config';
import { loadConfig } from '@globalretail/service-kit';
// Each schema from the module that declares it (a service's index also loads its HTTP stack).
import type { z } from 'zod';
import type { ServiceName } from '../../src/catalog';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Each service's own config schema, as its main.ts parses the environment with it. */
export const CONFIG_SCHEMAS: Record<ServiceName, z.ZodObject> = {
  'analytics-service': analyticsService,
  'api-gateway': apiGateway,
  'crm-analytics': crmAnalytics,
  'crm-api': crmApi,
  'crm-ui': crmUi,
  'inventory-service': inventoryService,
  'logistics-service': logisticsService,
  'order-service': orderService,
  'tracking-ui': trackingUi,
} as unknown as Record<ServiceName, z.ZodObject>;

export const settingNames = (service: ServiceName) =>
  Object.keys(CONFIG_SCHEMAS[service].shape).sort();

/** Obviously fake values for the settings that hold secrets in a real deployment. */
export const FAKE_SECRETS: Record<string, string> = {
  DATABASE_URL: 'postgresql://fake-user:fake-password@db.invalid:5432/crm_supply_db',
  SERVICE_AUTH_SECRET: 'fake-service-auth-secret-for-tests',
};

/** The service's config as it would parse `env` (throws the service's own ConfigError). */
export function parseConfig(service: ServiceName, env: Record<string, string>) {
  return loadConfig(CONFIG_SCHEMAS[service], env) as Record<string, unknown>;
}

/** The non-test TypeScript of a service, concatenated: what the service really runs. */
export function sourceOf(service: ServiceName): string {
  const dir = path.join(REPO_ROOT, 'services', service, 'src');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/**
 * Settings whose value the service's code uses: mentioned anywhere other than as a key
 * being declared (`NAME:`), e.g. `config.NAME` or a table entry `env: 'NAME'`.
 */
export function settingsRead(service: ServiceName, names: readonly string[]): string[] {
  const source = sourceOf(service);
  return names.filter((name) => new RegExp(`(?<![A-Z_])${name}(?![A-Z_])(?!\\s*:)`).test(source));
}
