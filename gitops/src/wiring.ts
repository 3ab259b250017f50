import { SERVICES, type ServiceName } from './catalog';
import { CALL_GRAPH, type CallEdge } from './call-graph';
import type { RegionConfig } from './config/regions';
import { registryHost, type Settings } from './config/settings';
import type { ImageTags } from './image-tags';

/** Everything one region's manifests are generated from. */
export interface RegionContext {
  settings: Settings;
  region: RegionConfig;
  tags: ImageTags;
  graph: readonly CallEdge[];
}

export function regionContext(
  settings: Settings,
  region: RegionConfig,
  tags: ImageTags,
  graph: readonly CallEdge[] = CALL_GRAPH,
): RegionContext {
  return { settings, region, tags, graph };
}

export const namespaceOf = (ctx: RegionContext, service: ServiceName) =>
  ctx.region.namespaces[SERVICES[service].group];

/** In-cluster base URL of a service, as its callers are configured with it. */
export const serviceUrl = (ctx: RegionContext, service: ServiceName) =>
  `http://${service}.${namespaceOf(ctx, service)}.svc.cluster.local:${SERVICES[service].port}`;

export const imageOf = (ctx: RegionContext, service: ServiceName) =>
  `${registryHost(ctx.settings, ctx.region.imageRegistryRegion)}/${ctx.settings.imageRepositoryPrefix}/${service}:${ctx.tags[service]}`;

/** Where pg finds the RDS certificate authorities (baked into every image, see ADR 008). */
export const RDS_CA_BUNDLE_PATH = '/etc/ssl/certs/rds-global-bundle.pem';

/**
 * The environment of a service that is not secret: its own settings, the region, and for
 * every edge of the call graph leaving it, the callee's in-cluster URL under the setting the
 * service reads. Goes into the service's ConfigMap.
 */
export function serviceSettings(ctx: RegionContext, service: ServiceName): Record<string, string> {
  const spec = SERVICES[service];
  const { region } = ctx;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    REGION: region.name,
    HOST: '0.0.0.0',
    PORT: String(spec.port),
    NODE_OPTIONS: `--max-old-space-size=${spec.resources.maxOldSpaceMb}`,
  };
  if (spec.database) {
    env.DB_MIGRATE_ON_START = String(region.database.migrateOnStart);
    env.DB_SEED_DEMO_DATA = String(region.database.seedDemoData);
    env.NODE_EXTRA_CA_CERTS = RDS_CA_BUNDLE_PATH;
  }
  const subscribers: string[] = [];
  for (const edge of ctx.graph.filter((e) => e.from === service)) {
    if (edge.kind === 'http') env[edge.setting] = serviceUrl(ctx, edge.to);
    else if (edge.kind === 'jwks')
      env.JWKS_URL = `${serviceUrl(ctx, edge.to)}/.well-known/jwks.json`;
    else subscribers.push(`${edge.to}=${serviceUrl(ctx, edge.to)}/events`);
  }
  if (subscribers.length > 0) env.OUTBOX_SUBSCRIBERS = subscribers.sort().join(',');
  if (service === 'api-gateway') env.CORS_ORIGINS = `https://${ctx.settings.publicHost}`;
  if (service === 'logistics-service') env.CARRIER_CLOCK_ENABLED = String(region.carrierClock);
  Object.assign(env, spec.settings);
  return Object.fromEntries(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
}

/** A secret environment variable: the key of a Secret that External Secrets keeps filled. */
export interface SecretEnv {
  name: string;
  secretName: string;
  key: string;
}

export const databaseSecretName = (service: ServiceName) => `${service}-database`;
export const SERVICE_AUTH_SECRET_NAME = 'service-auth';
export const JWT_KEY_SECRET_NAME = 'crm-api-jwt';

/** The secret variables a service reads, each from a Secret made by an ExternalSecret. */
export function secretEnvironment(service: ServiceName): SecretEnv[] {
  const spec = SERVICES[service];
  const env: SecretEnv[] = [];
  if (spec.database)
    env.push({
      name: 'DATABASE_URL',
      secretName: databaseSecretName(service),
      key: 'DATABASE_URL',
    });
  if (spec.serviceAuth)
    env.push({
      name: 'SERVICE_AUTH_SECRET',
      secretName: `${service}-${SERVICE_AUTH_SECRET_NAME}`,
      key: 'SERVICE_AUTH_SECRET',
    });
  if (spec.issuesUserTokens)
    env.push({ name: 'JWT_PRIVATE_KEY', secretName: JWT_KEY_SECRET_NAME, key: 'JWT_PRIVATE_KEY' });
  return env;
}

/** The IRSA role a service's ServiceAccount assumes (defined by the Terraform app). */
export const irsaRoleArn = (ctx: RegionContext, service: ServiceName) =>
  `arn:aws:iam::${ctx.settings.awsAccountId}:role/supplychain-crm-${ctx.region.name}-${service}`;
