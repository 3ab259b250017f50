import { createHash } from 'node:crypto';
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { ServiceName } from '../catalog';
import { objectMeta, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface ConfigMapOptions {
  service: ServiceName;
  namespace: string;
  data: Record<string, string>;
}

export const settingsConfigMapName = (service: ServiceName) => `${service}-settings`;

/** The service's non-secret environment (read with envFrom). */
export function buildSettingsConfigMap(options: ConfigMapOptions): KubeObject<V1ConfigMap> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta({
      name: settingsConfigMapName(options.service),
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.prerequisite,
    }),
    data: options.data,
  };
}

/**
 * A digest of settings, put on the pod template: pods read their environment once, so a
 * settings change must roll the Deployment to take effect.
 */
export const settingsChecksum = (data: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(data)).digest('hex');
