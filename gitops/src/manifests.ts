import {
  AUTOSCALED,
  SERVICE_NAMES,
  SERVICES,
  type NamespaceGroup,
  type ServiceName,
} from './catalog';
import { buildApplicationSet, buildAppProject } from './builders/argocd';
import { buildAutoscaler } from './builders/autoscaler';
import {
  buildSettingsConfigMap,
  settingsChecksum,
  settingsConfigMapName,
} from './builders/config-map';
import { buildDeployment } from './builders/deployment';
import { buildDisruptionBudget } from './builders/disruption-budget';
import { buildIngress } from './builders/ingress';
import { buildNamespace } from './builders/namespace';
import {
  buildDefaultDenyPolicy,
  buildDnsPolicy,
  buildServiceNetworkPolicy,
  serviceTraffic,
} from './builders/network-policy';
import { buildNamespaceRbac } from './builders/rbac';
import {
  buildExternalSecret,
  buildSecretStore,
  databaseUrlTemplate,
  secretStoreName,
} from './builders/secrets';
import { buildService } from './builders/service';
import { buildServiceAccount } from './builders/service-account';
import type { RegionConfig, RegionRole } from './config/regions';
import type { Settings } from './config/settings';
import {
  imageOf,
  irsaRoleArn,
  JWT_KEY_SECRET_NAME,
  namespaceOf,
  secretEnvironment,
  serviceSettings,
  type RegionContext,
} from './wiring';

/** Any object this repository renders: what every manifest has in common. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
}

/** One rendered file: its path under gitops/rendered and the objects in it, in order. */
export interface ManifestFile {
  path: string;
  objects: Manifest[];
}

/** Everything one service owns in its namespace. */
export function serviceManifests(ctx: RegionContext, name: ServiceName): Manifest[] {
  const service = SERVICES[name];
  const namespace = namespaceOf(ctx, name);
  const secretEnv = secretEnvironment(name);
  const needsSecrets = secretEnv.length > 0;
  const settings = serviceSettings(ctx, name);
  const autoscale = AUTOSCALED[name];
  const traffic = serviceTraffic(ctx, name);
  const objects: Manifest[] = [
    buildServiceAccount({
      service: name,
      namespace,
      ...(needsSecrets ? { roleArn: irsaRoleArn(ctx, name) } : {}),
    }),
  ];
  if (needsSecrets) {
    const { database } = ctx.region;
    const local = ctx.region.name;
    const secretRegion = (name: string) =>
      name === 'DATABASE_URL' ? database.credentialsSecret.awsRegion : local;
    for (const awsRegion of [...new Set(secretEnv.map((s) => secretRegion(s.name)))].sort())
      objects.push(
        buildSecretStore({
          service: name,
          namespace,
          awsRegion,
          clusterRegion: local,
          serviceAccountName: name,
        }),
      );
    for (const secret of secretEnv) {
      const secretStore = secretStoreName(name, secretRegion(secret.name), local);
      if (secret.name === 'DATABASE_URL')
        objects.push(
          buildExternalSecret({
            service: name,
            namespace,
            targetSecret: secret.secretName,
            secretStore,
            data: ['username', 'password'].map((property) => ({
              secretKey: property,
              remoteRef: { key: database.credentialsSecret.key, property },
            })),
            template: {
              DATABASE_URL: databaseUrlTemplate({
                host: database.host,
                port: database.port,
                database: database.name,
              }),
            },
          }),
        );
      else
        objects.push(
          buildExternalSecret({
            service: name,
            namespace,
            targetSecret: secret.secretName,
            secretStore,
            data: [
              {
                secretKey: secret.key,
                remoteRef: {
                  key:
                    secret.secretName === JWT_KEY_SECRET_NAME
                      ? ctx.settings.secrets.crmApiJwtKey
                      : ctx.settings.secrets.serviceAuth,
                },
              },
            ],
          }),
        );
    }
  }
  objects.push(
    buildSettingsConfigMap({ service: name, namespace, data: settings }),
    buildServiceNetworkPolicy({ service: name, namespace, ...traffic }),
    buildDeployment({
      service,
      namespace,
      image: imageOf(ctx, name),
      tag: ctx.tags[name],
      ...(autoscale ? {} : { replicas: ctx.region.replicas }),
      serviceAccountName: name,
      settingsConfigMap: settingsConfigMapName(name),
      settingsChecksum: settingsChecksum(settings),
      secretEnv,
      runAsUser: ctx.settings.runAsUser,
      backstageIdLabel: ctx.settings.backstageIdLabel,
    }),
    buildService({ service, namespace }),
    buildDisruptionBudget({ service: name, namespace }),
  );
  if (autoscale)
    objects.push(
      buildAutoscaler({
        service: name,
        namespace,
        minReplicas: ctx.region.replicas,
        maxReplicas: autoscale.max,
        cpuPercent: autoscale.cpuPercent,
      }),
    );
  return objects;
}

/** What a namespace has before any service: itself, default-deny, DNS, RBAC. */
export function namespaceManifests(ctx: RegionContext, group: NamespaceGroup): Manifest[] {
  const name = ctx.region.namespaces[group];
  return [
    buildNamespace({ name, group, region: ctx.region }),
    buildDefaultDenyPolicy(name),
    buildDnsPolicy(name, ctx.settings.platform.dns),
    ...buildNamespaceRbac({
      namespace: name,
      viewers: ctx.settings.rbacGroups.viewers,
      operators: ctx.settings.rbacGroups.operators,
    }),
  ];
}

/** All files of one region, under `<region>/<namespace>/`. */
export function regionFiles(ctx: RegionContext): ManifestFile[] {
  const region = ctx.region.name;
  const groups: NamespaceGroup[] = ['crm', 'supply'];
  const files: ManifestFile[] = groups.map((group) => ({
    path: `${region}/${ctx.region.namespaces[group]}/namespace.yaml`,
    objects: namespaceManifests(ctx, group),
  }));
  for (const name of SERVICE_NAMES)
    files.push({
      path: `${region}/${namespaceOf(ctx, name)}/${name}.yaml`,
      objects: serviceManifests(ctx, name),
    });
  const { platform, publicHost, tls } = ctx.settings;
  files.push({
    path: `${region}/${namespaceOf(ctx, 'api-gateway')}/ingress.yaml`,
    objects: [
      buildIngress({
        namespace: namespaceOf(ctx, 'api-gateway'),
        hosts: [publicHost, ctx.region.regionalHost],
        ingressClassName: platform.ingressController.ingressClassName,
        tlsSecretName: tls.secretName,
        clusterIssuer: tls.clusterIssuer,
      }),
    ],
  });
  return files;
}

export const ROLLOUT_ORDER: readonly RegionRole[] = ['primary', 'standby'];

/** The Argo CD objects, applied once to the Argo CD that manages both clusters. */
export function argocdFiles(settings: Settings, regions: readonly RegionConfig[]): ManifestFile[] {
  return [
    { path: 'argocd/appproject.yaml', objects: [buildAppProject({ settings, regions })] },
    {
      path: 'argocd/applicationset.yaml',
      objects: [buildApplicationSet({ settings, regions, rolloutOrder: ROLLOUT_ORDER })],
    },
  ];
}
