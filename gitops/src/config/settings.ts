/**
 * Settings shared by both regions. Image tags are not here (gitops/image-tags/<region>.yaml,
 * the only file the release command edits), nor what differs per region (./regions.ts).
 */
export interface PeerSelector {
  namespace: string;
  podLabels: Readonly<Record<string, string>>;
}

export interface Settings {
  /** AWS account that owns ECR, the IRSA roles and the secrets. */
  awsAccountId: string;
  /** ECR repositories are `<registry>/<imageRepositoryPrefix>/<service>`. */
  imageRepositoryPrefix: string;
  /** The public host of the NGINX Ingress (and of the Route 53 failover record). */
  publicHost: string;
  /** The TLS certificate of publicHost, issued into the supply namespace by cert-manager. */
  tls: { secretName: string; clusterIssuer: string };
  /** Where Argo CD reads this repository. */
  git: { repoUrl: string; revision: string; renderedDir: string };
  argocd: { namespace: string; project: string; applicationSet: string };
  /** Cluster add-ons whose pods talk to ours (NetworkPolicy peers). */
  platform: {
    dns: PeerSelector;
    ingressController: PeerSelector & { ingressClassName: string };
    prometheus: PeerSelector;
  };
  /** AWS Secrets Manager names (read by External Secrets, never by Argo CD or this repo). */
  secrets: { serviceAuth: string; crmApiJwtKey: string };
  /** Kubernetes groups (mapped from IAM by EKS access entries) bound by namespace RBAC. */
  rbacGroups: { viewers: readonly string[]; operators: readonly string[] };
  /** Numeric ids the images run as (node:alpine's `node` user): lets kubelet prove non-root. */
  runAsUser: number;
  /** Label every workload carries for the Backstage Kubernetes plugin. */
  backstageIdLabel: string;
}

export const SETTINGS: Settings = {
  awsAccountId: '123456789012',
  imageRepositoryPrefix: 'supplychain-crm',
  publicHost: 'supplychain-crm.globalretail.com',
  tls: { secretName: 'supplychain-crm-tls', clusterIssuer: 'letsencrypt-route53' },
  git: {
    repoUrl: 'https://github.com/globalretail/supplychain-crm.git',
    revision: 'main',
    renderedDir: 'gitops/rendered',
  },
  argocd: { namespace: 'argocd', project: 'supplychain-crm', applicationSet: 'supplychain-crm' },
  platform: {
    dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
    ingressController: {
      namespace: 'ingress-nginx',
      podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      ingressClassName: 'nginx',
    },
    prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  },
  secrets: {
    serviceAuth: 'supplychain-crm/service-auth-secret',
    crmApiJwtKey: 'supplychain-crm/crm-api/jwt-private-key',
  },
  rbacGroups: {
    viewers: ['supplychain-crm:developers', 'supplychain-crm:portal'],
    operators: ['supplychain-crm:operators'],
  },
  runAsUser: 1000,
  backstageIdLabel: 'backstage.io/kubernetes-id',
};

/** `<account>.dkr.ecr.<region>.amazonaws.com`: the registry images are pulled from. */
export const registryHost = (settings: Settings, region: string) =>
  `${settings.awsAccountId}.dkr.ecr.${region}.amazonaws.com`;
