import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { analyticsDefinition } from '@globalretail/analytics-service';
import { createGatewayApp, configSchema as gatewaySchema } from '@globalretail/api-gateway';
import { crmAnalyticsDefinition } from '@globalretail/crm-analytics';
import { crmApiDefinition } from '@globalretail/crm-api';
import { configSchema as crmUiSchema, createCrmUiApp } from '@globalretail/crm-ui';
import { inventoryDefinition } from '@globalretail/inventory-service';
import { logisticsDefinition } from '@globalretail/logistics-service';
import { orderServiceDefinition } from '@globalretail/order-service';
import {
  createLogger,
  createPool,
  Lifecycle,
  loadConfig,
  Metrics,
  type ServiceDefinition,
} from '@globalretail/service-kit';
import { listen, startTestService } from '@globalretail/service-kit/testing';
import { buildTrackingUiApp, configSchema as trackingUiSchema } from '@globalretail/tracking-ui';
import type { Express } from 'express';
import { request } from 'undici';
import { migrateAll } from '../db/prepare';
import { repoRoot } from '../db/sources';

export type OpenApiDocument = Record<string, unknown>;

interface InProcessService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Nothing listens on port 9 (discard) on loopback: every upstream a service could reach
 * while it is up for a moment points there, so generating documents never touches a
 * system that happens to run on this machine.
 */
const NOWHERE = 'http://127.0.0.1:9';
const ISOLATED_ENV: Record<string, string> = {
  LOG_LEVEL: 'silent',
  JWKS_URL: `${NOWHERE}/.well-known/jwks.json`,
  INVENTORY_URL: NOWHERE,
  LOGISTICS_URL: NOWHERE,
  ORDER_SERVICE_URL: NOWHERE,
  // Background work the document does not depend on.
  CARRIER_CLOCK_ENABLED: 'false',
  STOCK_BOOTSTRAP_ENABLED: 'false',
};

/** A service that owns data, started the way its own tests start it. */
const withDatabase =
  (definition: ServiceDefinition) =>
  (databaseUrl: string): Promise<InProcessService> =>
    startTestService(definition, { databaseUrl, env: ISOLATED_ENV });

/** A service without a database: its app on a loopback port. */
async function serveApp(name: string, build: (lifecycle: Lifecycle) => Express) {
  const lifecycle = new Lifecycle();
  const server = await listen(build(lifecycle));
  return {
    url: server.url,
    async stop() {
      await server.close();
      await lifecycle.closeAll(createLogger(name, 'silent'));
    },
  };
}

const deps = (name: string, lifecycle: Lifecycle) => ({
  logger: createLogger(name, 'silent'),
  metrics: new Metrics(name, { defaultMetrics: false }),
  lifecycle,
});

/**
 * The nine services and how to start each in-process. Each builds its OpenAPI document
 * inside its app from the routes it registers, so the document is read from the running
 * app: exactly what `GET /openapi.json` serves, with no second copy of any route list.
 */
export const OPENAPI_SOURCES: Record<string, (databaseUrl: string) => Promise<InProcessService>> = {
  'crm-api': withDatabase(crmApiDefinition),
  'inventory-service': withDatabase(inventoryDefinition),
  'logistics-service': withDatabase(logisticsDefinition),
  'order-service': withDatabase(orderServiceDefinition),
  'crm-analytics': withDatabase(crmAnalyticsDefinition),
  'analytics-service': withDatabase(analyticsDefinition),
  'crm-ui': () =>
    serveApp('crm-ui', (lifecycle) =>
      createCrmUiApp({
        config: loadConfig(crmUiSchema, ISOLATED_ENV),
        ...deps('crm-ui', lifecycle),
      }),
    ),
  'tracking-ui': () =>
    serveApp('tracking-ui', (lifecycle) =>
      buildTrackingUiApp({
        config: loadConfig(trackingUiSchema, ISOLATED_ENV),
        ...deps('tracking-ui', lifecycle),
      }),
    ),
  'api-gateway': () =>
    serveApp('api-gateway', (lifecycle) =>
      createGatewayApp({
        config: loadConfig(gatewaySchema, ISOLATED_ENV),
        ...deps('api-gateway', lifecycle),
      }),
    ),
};

export const OPENAPI_SERVICES = Object.keys(OPENAPI_SOURCES).sort();

export const openApiFile = (service: string) =>
  path.join(repoRoot, 'services', service, 'openapi.json');

/** The committed form: two-space JSON in the order the service built it, newline at the end. */
export const renderOpenApi = (document: OpenApiDocument) =>
  `${JSON.stringify(document, null, 2)}\n`;

async function fetchDocument(service: string, url: string): Promise<OpenApiDocument> {
  const response = await request(`${url}/openapi.json`);
  const body = await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`${service}: GET /openapi.json answered ${response.statusCode}: ${body}`);
  return JSON.parse(body) as OpenApiDocument;
}

/**
 * A throwaway database on the given server (`serverUrl(name)` connects to database `name`),
 * migrated without demo data: the services start against it, and no data of a real run is
 * ever in reach of their background work.
 */
export async function withScratchDatabase<T>(
  serverUrl: (database: string) => string,
  use: (databaseUrl: string) => Promise<T>,
): Promise<T> {
  const name = `openapi_${randomBytes(5).toString('hex')}`;
  const admin = createPool({ connectionString: serverUrl('postgres'), max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      await migrateAll(serverUrl(name), { seed: false });
      return await use(serverUrl(name));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Every service's document, by service name, each read from an in-process instance. */
export async function buildOpenApiDocuments(
  databaseUrl: string,
): Promise<Record<string, OpenApiDocument>> {
  const documents: Record<string, OpenApiDocument> = {};
  // One at a time: each instance is up for a moment, and the machine is shared.
  for (const service of OPENAPI_SERVICES) {
    const instance = await OPENAPI_SOURCES[service]!(databaseUrl);
    try {
      documents[service] = await fetchDocument(service, instance.url);
    } finally {
      await instance.stop();
    }
  }
  return documents;
}
