import { Construct } from 'constructs';
import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

const POSTGRES_PORT = 5432;

export interface DatabaseNetworkProps {
  readonly identifier: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** Only this security group (the EKS cluster's, shared by its nodes) reaches PostgreSQL. */
  readonly clientSecurityGroupId: string;
}

export interface PrimaryDatabaseProps extends DatabaseNetworkProps {
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly backupRetentionDays: number;
}

export interface ReadReplicaProps extends DatabaseNetworkProps {
  /** The primary's ARN: a cross-region replica must name its source by ARN. */
  readonly sourceDbArn: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  /** For the connection string only; a replica inherits the database from its source. */
  readonly databaseName: string;
  readonly masterUsername: string;
}

/** Settings both the primary and the replica share: private, encrypted, kept, cheap. */
const commonInstanceSettings = {
  storageType: 'gp3',
  storageEncrypted: true,
  publiclyAccessible: false,
  multiAz: false,
  deletionProtection: true,
  copyTagsToSnapshot: true,
  autoMinorVersionUpgrade: true,
  port: POSTGRES_PORT,
} as const;

class DatabaseNetwork extends Construct {
  readonly subnetGroup: DbSubnetGroup;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseNetworkProps) {
    super(scope, id);
    this.subnetGroup = new DbSubnetGroup(this, 'subnets', {
      name: props.identifier,
      subnetIds: [...props.subnetIds],
    });
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${props.identifier}-db`,
      description: `PostgreSQL ${props.identifier}: reachable from the EKS cluster only`,
      vpcId: props.vpcId,
    });
    new VpcSecurityGroupIngressRule(this, 'from-cluster', {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: props.clientSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      description: 'PostgreSQL from EKS nodes and pods',
    });
  }
}

/** Password-free connection string: the password comes from the Secrets Manager secret. */
const connectionString = (instance: DbInstance, username: string, database: string) =>
  `postgresql://${username}@${instance.endpoint}/${database}?sslmode=verify-full`;

/**
 * The primary PostgreSQL instance. Its master password is generated and rotated by RDS in
 * Secrets Manager (`manage_master_user_password`), so it never appears in Terraform state.
 */
export class PrimaryDatabase extends Construct {
  readonly instance: DbInstance;
  readonly masterSecretArn: string;
  readonly connectionString: string;

  constructor(scope: Construct, id: string, props: PrimaryDatabaseProps) {
    super(scope, id);
    const network = new DatabaseNetwork(this, 'network', props);
    this.instance = new DbInstance(this, 'instance', {
      ...commonInstanceSettings,
      identifier: props.identifier,
      engine: 'postgres',
      engineVersion: props.engineVersion,
      // RDS otherwise enrols an end-of-life major version in paid extended support; the
      // replica inherits engine and lifecycle setting from its source.
      engineLifecycleSupport: 'open-source-rds-extended-support-disabled',
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGiB,
      dbName: props.databaseName,
      username: props.masterUsername,
      manageMasterUserPassword: true,
      backupRetentionPeriod: props.backupRetentionDays,
      dbSubnetGroupName: network.subnetGroup.name,
      vpcSecurityGroupIds: [network.securityGroup.id],
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
    });
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.connectionString = connectionString(
      this.instance,
      props.masterUsername,
      props.databaseName,
    );
  }
}

/**
 * A cross-region read replica of the primary, to be promoted on failover. Encrypted with
 * the region's AWS-managed RDS key (a cross-region replica needs a key in its own region;
 * the managed one costs nothing per month, a customer key $1).
 */
export class ReadReplica extends Construct {
  readonly instance: DbInstance;
  readonly connectionString: string;

  constructor(scope: Construct, id: string, props: ReadReplicaProps) {
    super(scope, id);
    const network = new DatabaseNetwork(this, 'network', props);
    const rdsKey = new DataAwsKmsAlias(this, 'rds-managed-key', { name: 'alias/aws/rds' });
    this.instance = new DbInstance(this, 'instance', {
      ...commonInstanceSettings,
      identifier: props.identifier,
      replicateSourceDb: props.sourceDbArn,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGiB,
      kmsKeyId: rdsKey.targetKeyArn,
      // Backups on the replica so that, once promoted, it is protected from the first hour.
      backupRetentionPeriod: props.backupRetentionDays,
      dbSubnetGroupName: network.subnetGroup.name,
      vpcSecurityGroupIds: [network.securityGroup.id],
      skipFinalSnapshot: true,
    });
    this.connectionString = connectionString(
      this.instance,
      props.masterUsername,
      props.databaseName,
    );
  }
}
