/**
 * The one typed description of what the CDKTF app provisions. Stacks and constructs read
 * only this (no environment variables), so a synth is deterministic and offline.
 */

export type RegionName = 'us-east-1' | 'eu-west-1';
export type RegionRole = 'primary' | 'secondary';
export type ServiceDomain = 'crm' | 'supply';

export const SERVICE_NAMES = [
  'api-gateway',
  'crm-api',
  'crm-ui',
  'crm-analytics',
  'inventory-service',
  'logistics-service',
  'order-service',
  'tracking-ui',
  'analytics-service',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceConfig {
  readonly name: ServiceName;
  /** Picks the Kubernetes namespace (crm-* or supply-*) its service account lives in. */
  readonly domain: ServiceDomain;
  /** Talks to PostgreSQL: may read the database credentials (the RDS-managed secret). */
  readonly usesDatabase: boolean;
  /** Signs/verifies service-to-service tokens: may read the shared SERVICE_AUTH_SECRET. */
  readonly usesServiceAuth: boolean;
  /** Issues customer/operator JWTs (crm-api): may read the signing key. */
  readonly issuesUserTokens: boolean;
}

/**
 * A service gets an IRSA role only if it reads a secret; the static-file and routing-only
 * services get none, because an unused role is an unused credential path. Mirrors the
 * GitOps catalog (gitops/src/catalog.ts), which annotates service accounts accordingly.
 */
export const needsAwsAccess = (svc: ServiceConfig): boolean =>
  svc.usesDatabase || svc.usesServiceAuth || svc.issuesUserTokens;

export interface RegionConfig {
  readonly name: RegionName;
  readonly role: RegionRole;
  readonly availabilityZones: readonly [string, string];
  readonly vpcCidr: string;
  readonly publicSubnetCidrs: readonly [string, string];
  readonly privateSubnetCidrs: readonly [string, string];
  readonly namespaces: Readonly<Record<ServiceDomain, string>>;
}

export interface EksConfig {
  /** Kept inside EKS standard support: extended support costs $0.60/h instead of $0.10/h. */
  readonly kubernetesVersion: string;
  readonly nodeInstanceType: string;
  readonly nodeCount: number;
  readonly nodeMaxCount: number;
  readonly nodeVolumeGiB: number;
  readonly controlPlaneLogTypes: readonly string[];
  readonly logRetentionDays: number;
  /** Who may reach the public API endpoint (kubectl, the portal); auth is IAM either way. */
  readonly publicApiCidrs: readonly string[];
}

export interface DatabaseConfig {
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly backupRetentionDays: number;
}

export interface EnvironmentConfig {
  readonly env: string;
  readonly project: string;
  readonly owner: string;
  readonly primary: RegionConfig;
  readonly secondary: RegionConfig;
  readonly eks: EksConfig;
  readonly database: DatabaseConfig;
  readonly ecr: { readonly namespace: string; readonly keepLatestImages: number };
  /**
   * Secrets Manager names the GitOps ExternalSecrets read (same name in each region; values
   * are put outside Terraform so they never reach state). The database credentials are the
   * RDS-managed secret instead, whose name RDS picks.
   */
  readonly secrets: { readonly serviceAuth: string; readonly userTokenSigningKey: string };
  readonly services: readonly ServiceConfig[];
  readonly dns: {
    readonly zoneName: string;
    readonly host: string;
    /** The api-gateway's readiness: 200 only while the core services behind it are ready. */
    readonly healthCheckPath: string;
  };
  readonly state: {
    readonly region: RegionName;
    readonly bucket: string;
    readonly logsBucket: string;
    readonly lockTable: string;
  };
  /**
   * Kubernetes groups the portal's role is mapped to, on top of AmazonEKSViewPolicy: the
   * GitOps RBAC binds these to namespace read-only roles (gitops settings.rbacGroups).
   */
  readonly portal: { readonly kubernetesGroups: readonly string[] };
  /** The monthly budget the seed plan set (Phase 1), which the cost estimate checks. */
  readonly budgetUsdPerMonth: { readonly low: number; readonly high: number };
}

const backend = (name: ServiceName, domain: ServiceDomain, issuesUserTokens = false) =>
  ({ name, domain, usesDatabase: true, usesServiceAuth: true, issuesUserTokens }) as const;
const edge = (name: ServiceName, domain: ServiceDomain) =>
  ({ name, domain, usesDatabase: false, usesServiceAuth: false, issuesUserTokens: false }) as const;

export const prod: EnvironmentConfig = {
  env: 'prod',
  project: 'supplychain-crm',
  owner: 'platform-team',
  primary: {
    name: 'us-east-1',
    role: 'primary',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    // Non-overlapping ranges so the two VPCs can be peered later without renumbering.
    vpcCidr: '10.10.0.0/16',
    publicSubnetCidrs: ['10.10.0.0/20', '10.10.16.0/20'],
    privateSubnetCidrs: ['10.10.128.0/18', '10.10.192.0/18'],
    namespaces: { crm: 'crm-us', supply: 'supply-us' },
  },
  secondary: {
    name: 'eu-west-1',
    role: 'secondary',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    vpcCidr: '10.20.0.0/16',
    publicSubnetCidrs: ['10.20.0.0/20', '10.20.16.0/20'],
    privateSubnetCidrs: ['10.20.128.0/18', '10.20.192.0/18'],
    namespaces: { crm: 'crm-eu', supply: 'supply-eu' },
  },
  eks: {
    kubernetesVersion: '1.34',
    nodeInstanceType: 't3.medium',
    nodeCount: 2,
    nodeMaxCount: 3,
    nodeVolumeGiB: 20,
    controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    logRetentionDays: 7,
    publicApiCidrs: ['0.0.0.0/0'],
  },
  database: {
    databaseName: 'crm_supply_db',
    masterUsername: 'crm_admin',
    engineVersion: '17',
    instanceClass: 'db.t3.micro',
    allocatedStorageGiB: 20,
    backupRetentionDays: 7,
  },
  ecr: { namespace: 'supplychain-crm', keepLatestImages: 5 },
  services: [
    edge('api-gateway', 'supply'),
    backend('crm-api', 'crm', true),
    edge('crm-ui', 'crm'),
    backend('crm-analytics', 'crm'),
    backend('inventory-service', 'supply'),
    backend('logistics-service', 'supply'),
    backend('order-service', 'supply'),
    edge('tracking-ui', 'supply'),
    backend('analytics-service', 'supply'),
  ],
  secrets: {
    serviceAuth: 'supplychain-crm/service-auth-secret',
    userTokenSigningKey: 'supplychain-crm/crm-api/jwt-private-key',
  },
  dns: {
    zoneName: 'globalretail.com',
    host: 'supplychain-crm.globalretail.com',
    healthCheckPath: '/readyz',
  },
  state: {
    region: 'us-east-1',
    bucket: 'globalretail-supplychain-crm-prod-tfstate',
    logsBucket: 'globalretail-supplychain-crm-prod-logs',
    lockTable: 'supplychain-crm-prod-tflock',
  },
  portal: { kubernetesGroups: ['supplychain-crm:portal'] },
  budgetUsdPerMonth: { low: 60, high: 70 },
};

export const regionsOf = (config: EnvironmentConfig): readonly [RegionConfig, RegionConfig] => [
  config.primary,
  config.secondary,
];

/** `<env>-<region>-<concern>`, with `global` as the region of account-wide stacks. */
export const stackName = (
  config: EnvironmentConfig,
  region: RegionName | 'global',
  concern: string,
): string => `${config.env}-${region}-${concern}`;

export const clusterName = (config: EnvironmentConfig, region: RegionName): string =>
  `${config.project}-${config.env}-${region}`;

export const repositoryName = (config: EnvironmentConfig, service: ServiceName): string =>
  `${config.ecr.namespace}/${service}`;

export const namespaceOf = (region: RegionConfig, svc: ServiceConfig): string =>
  region.namespaces[svc.domain];

/**
 * IRSA role name; the GitOps service accounts annotate exactly this (gitops/src/wiring.ts).
 * cert-manager's is annotated where cert-manager is installed, outside this repository.
 */
export const serviceRoleName = (
  config: EnvironmentConfig,
  region: RegionName,
  service: ServiceName | 'cert-manager',
): string => `${config.project}-${region}-${service}`;

/** The per-region host Route 53 health-checks and the failover record points at. */
export const regionalHost = (config: EnvironmentConfig, region: RegionName): string =>
  `${region}.${config.dns.host}`;
