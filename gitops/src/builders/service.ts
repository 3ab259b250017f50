import type { V1Service } from '@kubernetes/client-node';
import type { ServiceSpec } from '../catalog';
import { objectMeta, selectorLabels, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface ServiceOptions {
  service: ServiceSpec;
  namespace: string;
}

/**
 * A ClusterIP Service on the service's own port (callers' URLs use it). Nothing is exposed
 * directly: the public entry is the NGINX Ingress in front of api-gateway, which also serves
 * both UIs (ADR 007).
 */
export function buildService(options: ServiceOptions): KubeObject<V1Service> {
  const { service } = options;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta({
      name: service.name,
      namespace: options.namespace,
      labels: serviceLabels(service.name),
      wave: SYNC_WAVE.workload,
    }),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(service.name),
      ports: [{ name: 'http', port: service.port, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}
