import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig, RegionConfig } from '../config';
import { PrimaryDatabase, ReadReplica } from '../constructs/database';
import { AwsStack } from './aws-stack';
import type { EksStack } from './eks-stack';
import type { NetworkStack } from './network-stack';

export interface DatabaseStackProps {
  readonly network: NetworkStack;
  /** Its cluster security group is the only client allowed in. */
  readonly eks: EksStack;
}

const identifierOf = (config: EnvironmentConfig, region: RegionConfig) =>
  `${config.project}-${config.env}-${region.name}`;

/** `<env>-<primary>-database`: the writable PostgreSQL instance. */
export class PrimaryDatabaseStack extends AwsStack {
  readonly database: PrimaryDatabase;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    region: RegionConfig,
    props: DatabaseStackProps,
  ) {
    super(scope, { config, region: region.name, label: region.name, concern: 'database' });
    this.database = new PrimaryDatabase(this, 'database', {
      identifier: identifierOf(config, region),
      vpcId: props.network.network.vpc.id,
      subnetIds: props.network.network.privateSubnets.map((s) => s.id),
      clientSecurityGroupId: props.eks.cluster.cluster.vpcConfig.clusterSecurityGroupId,
      databaseName: config.database.databaseName,
      masterUsername: config.database.masterUsername,
      engineVersion: config.database.engineVersion,
      instanceClass: config.database.instanceClass,
      allocatedStorageGiB: config.database.allocatedStorageGiB,
      backupRetentionDays: config.database.backupRetentionDays,
    });
    new TerraformOutput(this, 'db_endpoint', { value: this.database.instance.endpoint });
    new TerraformOutput(this, 'db_master_secret_arn', {
      description: 'Secrets Manager secret holding the master user and password (RDS-managed)',
      value: this.database.masterSecretArn,
    });
    new TerraformOutput(this, 'db_connection_string', {
      description: 'Without the password: read it from db_master_secret_arn',
      value: this.database.connectionString,
    });
  }
}

export interface ReplicaDatabaseStackProps extends DatabaseStackProps {
  readonly source: PrimaryDatabaseStack;
}

/** `<env>-<secondary>-database`: the cross-region read replica, promoted on failover. */
export class ReplicaDatabaseStack extends AwsStack {
  readonly database: ReadReplica;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    region: RegionConfig,
    props: ReplicaDatabaseStackProps,
  ) {
    super(scope, { config, region: region.name, label: region.name, concern: 'database' });
    this.database = new ReadReplica(this, 'database', {
      identifier: identifierOf(config, region),
      sourceDbArn: props.source.database.instance.arn,
      vpcId: props.network.network.vpc.id,
      subnetIds: props.network.network.privateSubnets.map((s) => s.id),
      clientSecurityGroupId: props.eks.cluster.cluster.vpcConfig.clusterSecurityGroupId,
      instanceClass: config.database.instanceClass,
      allocatedStorageGiB: config.database.allocatedStorageGiB,
      backupRetentionDays: config.database.backupRetentionDays,
      databaseName: config.database.databaseName,
      masterUsername: config.database.masterUsername,
    });
    new TerraformOutput(this, 'db_endpoint', { value: this.database.instance.endpoint });
    new TerraformOutput(this, 'db_connection_string', {
      description: 'Read-only until promoted; same credentials as the primary',
      value: this.database.connectionString,
    });
  }
}
