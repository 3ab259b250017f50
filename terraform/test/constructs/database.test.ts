import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { PrimaryDatabase, ReadReplica } from '../../src/constructs/database';
import { unsafeDatabases } from '../../src/policy/rules';
import { onlyResource, parsedConstruct, synthConstruct } from '../support/synth';

const network = {
  vpcId: 'vpc-1',
  subnetIds: ['subnet-a', 'subnet-b'],
  clientSecurityGroupId: 'sg-cluster',
};

describe('PrimaryDatabase', () => {
  const build = (scope: Construct) => {
    const db = new PrimaryDatabase(scope, 'db', {
      ...network,
      identifier: 'acme-prod-us-east-1',
      databaseName: 'crm_supply_db',
      masterUsername: 'crm_admin',
      engineVersion: '17',
      instanceClass: 'db.t3.micro',
      allocatedStorageGiB: 20,
      backupRetentionDays: 7,
    });
    // Outputs resolve the tokens, so the test sees what Terraform will see.
    new TerraformOutput(scope, 'connection_string', { value: db.connectionString });
    new TerraformOutput(scope, 'secret_arn', { value: db.masterSecretArn });
  };
  const synthesized = synthConstruct(build);
  const outputs = (JSON.parse(synthesized) as { output: Record<string, { value: string }> }).output;

  it('is a small, single-AZ, encrypted, private PostgreSQL with backups and deletion protection', () => {
    expect(synthesized).toHaveResourceWithProperties(DbInstance, {
      engine: 'postgres',
      instance_class: 'db.t3.micro',
      db_name: 'crm_supply_db',
      multi_az: false,
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      backup_retention_period: 7,
    });
    expect(unsafeDatabases(parsedConstruct(build))).toEqual([]);
  });

  it('lets Secrets Manager own the master password, so none is in config or state', () => {
    const instance = onlyResource(synthesized, 'aws_db_instance');
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance).not.toHaveProperty('password');
    expect(outputs.secret_arn!.value).toMatch(
      /^\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}$/,
    );
  });

  it('builds a connection string with user, host and database but no password', () => {
    expect(outputs.connection_string!.value).toMatch(
      /^postgresql:\/\/crm_admin@\$\{aws_db_instance\.[^.]+\.endpoint\}\/crm_supply_db\?sslmode=verify-full$/,
    );
  });

  it('accepts PostgreSQL connections from the cluster security group only', () => {
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      referenced_security_group_id: 'sg-cluster',
      from_port: 5432,
      to_port: 5432,
      ip_protocol: 'tcp',
    });
    expect(synthesized).not.toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      cidr_ipv4: expect.anything(),
    });
  });
});

describe('ReadReplica', () => {
  const build = (scope: Construct) =>
    new ReadReplica(scope, 'replica', {
      ...network,
      identifier: 'acme-prod-eu-west-1',
      sourceDbArn: 'arn:aws:rds:us-east-1:123456789012:db:acme-prod-us-east-1',
      instanceClass: 'db.t3.micro',
      allocatedStorageGiB: 20,
      backupRetentionDays: 7,
      databaseName: 'crm_supply_db',
      masterUsername: 'crm_admin',
    });
  const synthesized = synthConstruct(build);

  it('replicates the primary by ARN, encrypted with a key of its own region', () => {
    expect(synthesized).toHaveResourceWithProperties(DbInstance, {
      replicate_source_db: 'arn:aws:rds:us-east-1:123456789012:db:acme-prod-us-east-1',
      storage_encrypted: true,
      kms_key_id: expect.stringContaining('data.aws_kms_alias'),
      publicly_accessible: false,
    });
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsKmsAlias, { name: 'alias/aws/rds' });
    expect(unsafeDatabases(parsedConstruct(build))).toEqual([]);
  });

  it('declares no database, user or password of its own (all inherited)', () => {
    const instance = onlyResource(synthesized, 'aws_db_instance');
    for (const inherited of ['db_name', 'username', 'password', 'manage_master_user_password']) {
      expect(instance).not.toHaveProperty(inherited);
    }
  });
});
