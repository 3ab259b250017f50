import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { RegionConfig, RegionRole } from '../config/regions';
import type { Settings } from '../config/settings';
import { PART_OF } from '../k8s/meta';

export interface AppProjectOptions {
  settings: Settings;
  regions: readonly RegionConfig[];
}

/** Kinds the rendered manifests contain, and nothing else may be synced (no Secrets). */
export const NAMESPACED_KINDS: readonly { group: string; kind: string }[] = [
  { group: '', kind: 'ServiceAccount' },
  { group: '', kind: 'ConfigMap' },
  { group: '', kind: 'Service' },
  { group: 'apps', kind: 'Deployment' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'networking.k8s.io', kind: 'Ingress' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'external-secrets.io', kind: 'SecretStore' },
  { group: 'external-secrets.io', kind: 'ExternalSecret' },
];
export const CLUSTER_KINDS: readonly { group: string; kind: string }[] = [
  { group: '', kind: 'Namespace' },
];

/** The project every generated Application belongs to: this repository, these namespaces. */
export function buildAppProject(options: AppProjectOptions): IAppProject {
  const { settings } = options;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: settings.argocd.project,
      namespace: settings.argocd.namespace,
      labels: { 'app.kubernetes.io/part-of': PART_OF },
      // Deleting the project must not orphan the Applications that still use it.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      description: 'CRM-integrated supply chain services in both regions',
      sourceRepos: [settings.git.repoUrl],
      destinations: options.regions.flatMap((region) =>
        Object.values(region.namespaces).map((namespace) => ({ server: '*', namespace })),
      ),
      clusterResourceWhitelist: CLUSTER_KINDS.map((k) => ({ ...k })),
      namespaceResourceWhitelist: NAMESPACED_KINDS.map((k) => ({ ...k })),
      orphanedResources: { warn: true },
    },
  };
}

export interface ApplicationSetOptions {
  settings: Settings;
  regions: readonly RegionConfig[];
  /** Roles in rollout order: every Application of a role is Healthy before the next role syncs. */
  rolloutOrder: readonly RegionRole[];
}

/**
 * One Application per cluster, for every cluster Argo CD knows that carries a `region` and a
 * `role` label of ours. Each syncs gitops/rendered/<region> with prune and self-heal; a
 * RollingSync over the `role` label updates the primary first and the standby only once the
 * primary is Healthy (ADR 008).
 */
export function buildApplicationSet(options: ApplicationSetOptions): IApplicationSet {
  const { settings } = options;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: settings.argocd.applicationSet,
      namespace: settings.argocd.namespace,
      labels: { 'app.kubernetes.io/part-of': PART_OF },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          clusters: {
            selector: {
              matchExpressions: [
                { key: 'region', operator: 'In', values: options.regions.map((r) => r.name) },
                { key: 'role', operator: 'In', values: [...options.rolloutOrder] },
              ],
            },
          },
        },
      ],
      strategy: {
        type: 'RollingSync',
        rollingSync: {
          steps: options.rolloutOrder.map((role) => ({
            matchExpressions: [{ key: 'role', operator: 'In', values: [role] }],
          })),
        },
      },
      // Removing the ApplicationSet (or a cluster's labels) must never delete running workloads.
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: `${PART_OF}-{{ .metadata.labels.region }}`,
          labels: {
            'app.kubernetes.io/part-of': PART_OF,
            region: '{{ .metadata.labels.region }}',
            role: '{{ .metadata.labels.role }}',
          },
        },
        spec: {
          project: settings.argocd.project,
          source: {
            repoURL: settings.git.repoUrl,
            targetRevision: settings.git.revision,
            path: `${settings.git.renderedDir}/{{ .metadata.labels.region }}`,
            directory: { recurse: true },
          },
          destination: { server: '{{ .server }}' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['PruneLast=true', 'ApplyOutOfSyncOnly=true'],
            retry: {
              limit: 5,
              backoff: { duration: '10s', factor: 2, maxDuration: '3m' },
            },
          },
        },
      },
    },
  };
}
