import type { V1Ingress } from '@kubernetes/client-node';
import { SERVICES } from '../catalog';
import { objectMeta, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface IngressOptions {
  namespace: string;
  /** The public host, then the region's own host (Route 53 health-checks each region on it). */
  hosts: readonly string[];
  ingressClassName: string;
  tlsSecretName: string;
  clusterIssuer: string;
}

/**
 * The single public entry: every path of the public host (and of the region's own host, which
 * Route 53 health-checks) goes to api-gateway, which routes
 * to the APIs and serves both UIs. Read timeouts and buffering suit the live dashboards'
 * server-sent events.
 */
export function buildIngress(options: IngressOptions): KubeObject<V1Ingress> {
  const gateway = SERVICES['api-gateway'];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta({
      name: 'supplychain-crm',
      namespace: options.namespace,
      labels: serviceLabels('api-gateway'),
      wave: SYNC_WAVE.edge,
      annotations: {
        'cert-manager.io/cluster-issuer': options.clusterIssuer,
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
        'nginx.ingress.kubernetes.io/proxy-body-size': '1m',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
        'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      },
    }),
    spec: {
      ingressClassName: options.ingressClassName,
      tls: [{ hosts: [...options.hosts], secretName: options.tlsSecretName }],
      rules: options.hosts.map((host) => ({
        host,
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: gateway.name, port: { name: 'http' } } },
            },
          ],
        },
      })),
    },
  };
}
