import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { ServiceName } from '../catalog';
import { objectMeta, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface AutoscalerOptions {
  service: ServiceName;
  namespace: string;
  minReplicas: number;
  maxReplicas: number;
  /** Average CPU use, as a share of the pods' CPU request, above which pods are added. */
  cpuPercent: number;
}

export function buildAutoscaler(options: AutoscalerOptions): KubeObject<V2HorizontalPodAutoscaler> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMeta({
      name: options.service,
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.edge,
    }),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: options.service },
      minReplicas: options.minReplicas,
      maxReplicas: options.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: options.cpuPercent },
          },
        },
      ],
      // Forecast bursts are short: scale up at once, give back pods only after 5 quiet minutes.
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
      },
    },
  };
}
