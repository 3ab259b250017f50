import type { NamespaceGroup } from '../catalog';

export const REGION_NAMES = ['us-east-1', 'eu-west-1'] as const;
export type RegionName = (typeof REGION_NAMES)[number];
export type RegionRole = 'primary' | 'standby';

export interface RegionConfig {
  name: RegionName;
  /**
   * The primary takes writes and is rolled out first; the standby runs the full service set
   * scaled down on the read replica. A failover swaps the roles here and on the cluster labels.
   */
  role: RegionRole;
  namespaces: Readonly<Record<NamespaceGroup, string>>;
  /** Replicas of every Deployment (the HPA's minimum for autoscaled ones). */
  replicas: number;
  /** Region of the ECR registry the pods pull from (see ADR 007). */
  imageRegistryRegion: string;
  /** The VPC; the database endpoint (RDS or its replica) lives in its private subnets. */
  vpcCidr: string;
  /** Route 53 health-checks each region's ingress on this host (`<region>.<public host>`). */
  regionalHost: string;
  database: {
    /** RDS endpoint in this region: the primary instance, or its cross-region replica. */
    host: string;
    port: number;
    name: string;
    /**
     * The RDS-managed master secret (`username`, `password`): Terraform output
     * `db_master_secret_arn`. It lives with the primary instance, in us-east-1; a read
     * replica has none of its own and shares the primary's users.
     */
    credentialsSecret: { key: string; awsRegion: string };
    /** Only a writable database can be migrated or seeded. */
    migrateOnStart: boolean;
    seedDemoData: boolean;
  };
  /** The simulated carrier clock writes shipment progress: only where the database is writable. */
  carrierClock: boolean;
}

// Replace with the ARN Terraform outputs after the first apply (RDS picks the secret's name).
const RDS_MASTER_SECRET =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-set-from-terraform-output';

export const REGIONS: Readonly<Record<RegionName, RegionConfig>> = {
  'us-east-1': {
    name: 'us-east-1',
    role: 'primary',
    namespaces: { crm: 'crm-us', supply: 'supply-us' },
    replicas: 2,
    imageRegistryRegion: 'us-east-1',
    vpcCidr: '10.10.0.0/16',
    regionalHost: 'us-east-1.supplychain-crm.globalretail.com',
    database: {
      host: 'supplychain-crm-db.us-east-1.rds.amazonaws.com',
      port: 5432,
      name: 'crm_supply_db',
      credentialsSecret: { key: RDS_MASTER_SECRET, awsRegion: 'us-east-1' },
      migrateOnStart: true,
      seedDemoData: true,
    },
    carrierClock: true,
  },
  'eu-west-1': {
    name: 'eu-west-1',
    role: 'standby',
    namespaces: { crm: 'crm-eu', supply: 'supply-eu' },
    replicas: 1,
    imageRegistryRegion: 'us-east-1',
    vpcCidr: '10.20.0.0/16',
    regionalHost: 'eu-west-1.supplychain-crm.globalretail.com',
    database: {
      host: 'supplychain-crm-db-replica.eu-west-1.rds.amazonaws.com',
      port: 5432,
      name: 'crm_supply_db',
      credentialsSecret: { key: RDS_MASTER_SECRET, awsRegion: 'us-east-1' },
      migrateOnStart: false,
      seedDemoData: false,
    },
    carrierClock: false,
  },
};

export function isRegionName(value: string): value is RegionName {
  return (REGION_NAMES as readonly string[]).includes(value);
}

/** The primary region: the default target of `yarn release set`, the source of `promote`. */
export function primaryRegion(regions: Readonly<Record<RegionName, RegionConfig>> = REGIONS) {
  const primaries = Object.values(regions).filter((r) => r.role === 'primary');
  if (primaries.length !== 1)
    throw new Error(`exactly one primary region expected, found ${primaries.length}`);
  return primaries[0]!;
}
