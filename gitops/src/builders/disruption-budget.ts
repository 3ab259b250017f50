import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { ServiceName } from '../catalog';
import { objectMeta, selectorLabels, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface DisruptionBudgetOptions {
  service: ServiceName;
  namespace: string;
}

/**
 * At most one pod of a service evicted at a time (node drains, cluster upgrades). Written as
 * maxUnavailable so a one-replica standby can still be drained.
 */
export function buildDisruptionBudget(
  options: DisruptionBudgetOptions,
): KubeObject<V1PodDisruptionBudget> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta({
      name: options.service,
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.edge,
    }),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(options.service) },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
