import type { V1PolicyRule, V1Role, V1RoleBinding } from '@kubernetes/client-node';
import { objectMeta, sharedLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';

export interface NamespaceRbacOptions {
  namespace: string;
  /** Kubernetes groups allowed to look (developers, the portal's Kubernetes plugin). */
  viewers: readonly string[];
  /** Kubernetes groups allowed to look and to restart pods. */
  operators: readonly string[];
}

const READ = ['get', 'list', 'watch'];
// Everything an app team looks at, never Secrets.
const VIEW_RULES: V1PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'services',
      'endpoints',
      'configmaps',
      'events',
      'serviceaccounts',
    ],
    verbs: READ,
  },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  {
    apiGroups: ['external-secrets.io'],
    resources: ['externalsecrets', 'secretstores'],
    verbs: READ,
  },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: READ },
];
// Desired state changes go through Git (Argo CD self-heals anything else); operators may only
// delete a stuck pod so that its Deployment replaces it.
const OPERATE_RULES: V1PolicyRule[] = [
  ...VIEW_RULES,
  { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
];

const role = (namespace: string, name: string, rules: V1PolicyRule[]): KubeObject<V1Role> => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: objectMeta({ name, namespace, labels: sharedLabels(), wave: SYNC_WAVE.prerequisite }),
  rules,
});

const binding = (
  namespace: string,
  roleName: string,
  groups: readonly string[],
): KubeObject<V1RoleBinding> => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: objectMeta({
    name: roleName,
    namespace,
    labels: sharedLabels(),
    wave: SYNC_WAVE.prerequisite,
  }),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
  subjects: groups.map((group) => ({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'Group',
    name: group,
  })),
});

/** Namespace-scoped access for people and tools; no ClusterRoles, no workload bindings. */
export function buildNamespaceRbac(
  options: NamespaceRbacOptions,
): (KubeObject<V1Role> | KubeObject<V1RoleBinding>)[] {
  const { namespace } = options;
  return [
    role(namespace, 'supplychain-crm-viewer', VIEW_RULES),
    binding(namespace, 'supplychain-crm-viewer', options.viewers),
    role(namespace, 'supplychain-crm-operator', OPERATE_RULES),
    binding(namespace, 'supplychain-crm-operator', options.operators),
  ];
}
