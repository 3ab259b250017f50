import type { V1Namespace } from '@kubernetes/client-node';
import type { NamespaceGroup } from '../catalog';
import type { RegionConfig } from '../config/regions';
import { objectMeta, sharedLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface NamespaceOptions {
  name: string;
  group: NamespaceGroup;
  region: RegionConfig;
}

/** A namespace that admits only pods meeting the Pod Security `restricted` profile. */
export function buildNamespace(options: NamespaceOptions): KubeObject<V1Namespace> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: objectMeta({
      name: options.name,
      labels: {
        ...sharedLabels(),
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'globalretail.com/region': options.region.name,
        'globalretail.com/domain': options.group,
      },
      wave: SYNC_WAVE.namespace,
    }),
  };
}
