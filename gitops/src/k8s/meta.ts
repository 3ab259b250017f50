import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { ServiceName } from '../catalog';

export const PART_OF = 'supplychain-crm';

/**
 * Argo CD sync waves: namespaces first, then what pods need before they start (identity,
 * RBAC, secrets, settings, network rules), then the workloads, then what routes to or
 * measures running pods.
 */
export const SYNC_WAVE = {
  namespace: -2,
  prerequisite: -1,
  workload: 0,
  edge: 1,
} as const;
export type SyncWave = (typeof SYNC_WAVE)[keyof typeof SYNC_WAVE];

/** The one label pods are selected by (Deployment, Service, PDB, NetworkPolicy). */
export const selectorLabels = (service: ServiceName): Record<string, string> => ({
  'app.kubernetes.io/name': service,
});

/**
 * Labels on everything a service owns. `app.kubernetes.io/instance` is left to Argo CD, which
 * uses it to track the resources of each Application.
 */
export const serviceLabels = (service: ServiceName): Record<string, string> => ({
  ...selectorLabels(service),
  'app.kubernetes.io/part-of': PART_OF,
  'app.kubernetes.io/managed-by': 'argocd',
});

export const sharedLabels = (): Record<string, string> => ({
  'app.kubernetes.io/part-of': PART_OF,
  'app.kubernetes.io/managed-by': 'argocd',
});

export function objectMeta(options: {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  wave: SyncWave;
  annotations?: Record<string, string>;
}): V1ObjectMeta & { name: string } {
  return {
    name: options.name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: options.labels,
    annotations: {
      'argocd.argoproj.io/sync-wave': String(options.wave),
      ...options.annotations,
    },
  };
}

/** A client-node model with the fields every object we write has (the models leave them optional). */
export type KubeObject<T> = T & {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta & { name: string };
};
