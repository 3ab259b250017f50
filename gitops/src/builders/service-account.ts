import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { ServiceName } from '../catalog';
import { objectMeta, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface ServiceAccountOptions {
  service: ServiceName;
  namespace: string;
  /** IRSA: the IAM role pods (and External Secrets, for this service's secrets) assume. */
  roleArn?: string;
}

export function buildServiceAccount(options: ServiceAccountOptions): KubeObject<V1ServiceAccount> {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta({
      name: options.service,
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.prerequisite,
      annotations: options.roleArn ? { 'eks.amazonaws.com/role-arn': options.roleArn } : {},
    }),
    // No service talks to the Kubernetes API; pods mount no API token.
    automountServiceAccountToken: false,
  };
}
