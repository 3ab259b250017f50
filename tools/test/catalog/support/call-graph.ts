import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@globalretail/service-kit';
import type { z } from 'zod';
// Each schema from the module that declares it (a service's index also loads its HTTP stack).
import { configSchema as analyticsService } from '../../../../services/analytics-service/src/service';
import { configSchema as apiGateway } from '../../../../services/api-gateway/src/config';
import { configSchema as crmAnalytics } from '../../../../services/crm-analytics/src/config';
import { configSchema as crmApi } from '../../../../services/crm-api/src/config';
import { configSchema as crmUi } from '../../../../services/crm-ui/src/config';
import { configSchema as inventoryService } from '../../../../services/inventory-service/src/service';
import { configSchema as logisticsService } from '../../../../services/logistics-service/src/service';
import { configSchema as orderService } from '../../../../services/order-service/src/service';
import { configSchema as trackingUi } from '../../../../services/tracking-ui/src/config';
import { MIGRATION_SOURCES } from '../../../src/db/sources';
import { LOCAL_SERVICES } from '../../../src/launcher/services';
import { REPO_ROOT } from './catalog-files';

/**
 * The call graph as the code has it, independent of any list written for the catalog: which
 * services each one is configured to reach (its `*_URL` settings that its code reads, mapped
 * to a service by the default URL's port), whom its outbox relay posts events to (the
 * launcher's `OUTBOX_SUBSCRIBERS`), whether it owns data, and whether its page calls `/api`.
 */

const CONFIG_SCHEMAS = {
  'analytics-service': analyticsService,
  'api-gateway': apiGateway,
  'crm-analytics': crmAnalytics,
  'crm-api': crmApi,
  'crm-ui': crmUi,
  'inventory-service': inventoryService,
  'logistics-service': logisticsService,
  'order-service': orderService,
  'tracking-ui': trackingUi,
} as unknown as Record<string, z.ZodObject>;

export const SERVICE_NAMES = LOCAL_SERVICES.map((s) => s.name).sort();

const PLACEHOLDER_SECRETS = {
  DATABASE_URL: 'postgresql://placeholder:placeholder@db.invalid:5432/crm_supply_db',
};

const settingNames = (service: string) => Object.keys(schemaOf(service).shape).sort();

function schemaOf(service: string): z.ZodObject {
  const schema = CONFIG_SCHEMAS[service];
  if (!schema) throw new Error(`no config schema known for ${service}`);
  return schema;
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The service's own TypeScript (no tests): what its process runs. */
export function sourceOf(service: string): string {
  return filesUnder(
    path.join(REPO_ROOT, 'services', service, 'src'),
    (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'),
  )
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** Settings the code uses: named anywhere but where the schema declares them (`NAME:`). */
function settingsRead(service: string, names: string[]): string[] {
  const source = sourceOf(service);
  return names.filter((name) => new RegExp(`(?<![A-Z_])${name}(?![A-Z_])(?!\\s*:)`).test(source));
}

const servicesByPort = new Map(LOCAL_SERVICES.map((s) => [s.port, s.name]));
const launcherUrls = Object.fromEntries(
  LOCAL_SERVICES.map((s) => [s.name, `http://127.0.0.1:${s.port}`]),
);

export interface ServiceCall {
  to: string;
  /** The setting that names the callee. */
  via: string;
}

/** The services a service's process calls over HTTP, from its URL settings and its outbox. */
export function callsOf(service: string): ServiceCall[] {
  const config = loadConfig(schemaOf(service), PLACEHOLDER_SECRETS) as Record<string, unknown>;
  const urlSettings = settingNames(service).filter(
    (n) => n.endsWith('_URL') && n !== 'DATABASE_URL',
  );
  const configured = settingsRead(service, urlSettings).map((via) => {
    const port = Number(new URL(String(config[via])).port);
    const to = servicesByPort.get(port);
    if (!to) throw new Error(`${service}: ${via} points at port ${port}, which no service uses`);
    return { to, via };
  });
  const local = LOCAL_SERVICES.find((s) => s.name === service);
  const subscribers = (local?.env(launcherUrls).OUTBOX_SUBSCRIBERS ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => ({ to: entry.split('=')[0]!, via: 'OUTBOX_SUBSCRIBERS' }));
  // A service's own URL settings may point at itself (crm-api checks its own tokens locally).
  return [...configured, ...subscribers].filter((call) => call.to !== service);
}

/**
 * The `*_URL` settings the local launcher wires for a service, with the service each points
 * at: what the end-to-end tests run, so it must agree with the schema defaults.
 */
export function launcherWiring(service: string): ServiceCall[] {
  const local = LOCAL_SERVICES.find((s) => s.name === service)!;
  const byUrl = new Map(Object.entries(launcherUrls).map(([name, url]) => [url, name]));
  return Object.entries(local.env(launcherUrls))
    .filter(([via]) => via.endsWith('_URL'))
    .map(([via, url]) => ({ via, to: byUrl.get(url) ?? `unknown (${url})` }));
}

/** Owns a schema in crm_supply_db: it reads DATABASE_URL and has migrations. */
export function ownsData(service: string): boolean {
  return settingNames(service).includes('DATABASE_URL');
}

export const SERVICES_WITH_MIGRATIONS = MIGRATION_SOURCES.map((m) =>
  path.basename(path.dirname(m.migrationsDir)),
).sort();

/** Its browser page calls the API on the same origin, i.e. through the gateway. */
export function pageCallsGateway(service: string): boolean {
  return filesUnder(path.join(REPO_ROOT, 'services', service, 'web', 'src'), (n) =>
    /\.(ts|tsx)$/.test(n),
  ).some((f) => /['"`]\/api\//.test(readFileSync(f, 'utf8')));
}
