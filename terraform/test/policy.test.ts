import type { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { policyDocument } from '../src/constructs/policy-document';
import {
  isTaggable,
  overbroadIamStatements,
  shapeOf,
  unsafeBuckets,
  unsafeDatabases,
  unsafeRepositories,
  untaggedResources,
} from '../src/policy/rules';
import { parseStack, type SynthesizedStack } from '../src/synthesized';
import { parsedConstruct, synthesizeApp } from './support/synth';

const { stacks } = synthesizeApp();
const byName = new Map(stacks.map((s) => [s.name, s]));
const each = stacks.map((s) => [s.name, s] as const);

describe.each(each)('policy: %s', (_name, stack) => {
  it('tags every taggable resource with project, environment, region and owner', () => {
    expect(untaggedResources(stack)).toEqual([]);
  });
  it('encrypts every bucket and blocks public access', () => {
    expect(unsafeBuckets(stack)).toEqual([]);
  });
  it('encrypts every RDS instance and keeps it private', () => {
    expect(unsafeDatabases(stack)).toEqual([]);
  });
  it('scans every ECR repository on push and expires old images', () => {
    expect(unsafeRepositories(stack)).toEqual([]);
  });
  it('has no IAM statement allowing * on *', () => {
    expect(overbroadIamStatements(stack)).toEqual([]);
  });
});

describe('policy: the checks cover what they claim', () => {
  const all = (type: string) => stacks.flatMap((s) => s.resources.filter((r) => r.type === type));

  it('finds the resources it is meant to judge (a check over nothing proves nothing)', () => {
    expect(all('aws_s3_bucket')).toHaveLength(2);
    expect(all('aws_db_instance')).toHaveLength(2);
    expect(all('aws_ecr_repository')).toHaveLength(18);
    const documents = stacks.flatMap((s) =>
      s.dataSources.filter((d) => d.type === 'aws_iam_policy_document'),
    );
    expect(documents.length).toBeGreaterThan(20);
    const taggable = stacks.flatMap((s) => s.resources.filter((r) => isTaggable(r.type)));
    expect(taggable.length).toBeGreaterThan(60);
  });

  it('relies on provider default tags, which every stack sets', () => {
    for (const s of stacks) {
      expect(Object.keys(s.defaultTags)).toEqual(
        expect.arrayContaining(['project', 'environment', 'region', 'owner']),
      );
    }
  });

  it('knows taggable from untaggable types from the provider bindings', () => {
    expect(isTaggable('aws_s3_bucket')).toBe(true);
    expect(isTaggable('aws_eks_cluster')).toBe(true);
    expect(isTaggable('aws_route')).toBe(false);
    expect(isTaggable('aws_iam_role_policy')).toBe(false);
    expect(() => isTaggable('aws_no_such_thing')).toThrow(/no provider bindings/);
  });

  it('flags a stack whose provider has no default tags', () => {
    const untagged = parsedConstruct(
      (scope: Construct) => new S3Bucket(scope, 'b', { bucket: 'x' }),
    );
    expect(untaggedResources(untagged)).toEqual(
      expect.arrayContaining([expect.stringMatching(/aws_s3_bucket\.b: no project tag/)]),
    );
    const wrongRegion = parseStack('prod-eu-west-1-x', {
      ...untagged.json,
      provider: {
        aws: [
          {
            region: 'eu-west-1',
            default_tags: [
              { tags: { project: 'p', environment: 'e', owner: 'o', region: 'us-east-1' } },
            ],
          },
        ],
      },
    });
    expect(untaggedResources(wrongRegion)).toEqual([
      expect.stringMatching(/region tag us-east-1 in a eu-west-1 stack/),
    ]);
  });

  it('flags an unencrypted, public bucket', () => {
    const bare = parsedConstruct((scope: Construct) => new S3Bucket(scope, 'b', { bucket: 'x' }));
    expect(unsafeBuckets(bare)).toEqual([
      expect.stringMatching(/no default encryption/),
      expect.stringMatching(/public access not blocked/),
    ]);
    const encryptedOnly = parsedConstruct((scope: Construct) => {
      const bucket = new S3Bucket(scope, 'b', { bucket: 'x' });
      new S3BucketServerSideEncryptionConfigurationA(scope, 'e', {
        bucket: bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      });
    });
    expect(unsafeBuckets(encryptedOnly)).toEqual([
      expect.stringMatching(/public access not blocked/),
    ]);
  });

  it('flags a public, unencrypted database with a password', () => {
    const bad = parsedConstruct(
      (scope: Construct) =>
        new DbInstance(scope, 'db', {
          instanceClass: 'db.t3.micro',
          engine: 'postgres',
          password: 'hunter2hunter2',
          publiclyAccessible: true,
        }),
    );
    expect(unsafeDatabases(bad)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/storage not encrypted/),
        expect.stringMatching(/publicly accessible/),
        expect.stringMatching(/password in configuration/),
      ]),
    );
  });

  it('flags a repository without scanning or lifecycle rule', () => {
    const bad = parsedConstruct((scope: Construct) => new EcrRepository(scope, 'r', { name: 'x' }));
    expect(unsafeRepositories(bad)).toEqual([
      expect.stringMatching(/no scan on push/),
      expect.stringMatching(/mutable tags/),
      expect.stringMatching(/no lifecycle rule/),
    ]);
  });

  it('flags * on *, NotAction, admin attachments and policies it cannot read', () => {
    const bad = parsedConstruct((scope: Construct) => {
      policyDocument(scope, 'admin', [{ sid: 'All', actions: ['*'], resources: ['*'] }]);
      const role = new IamRole(scope, 'r', {
        assumeRolePolicy: JSON.stringify({
          Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
        }),
      });
      new IamRolePolicyAttachment(scope, 'a', {
        role: role.name,
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      });
      new IamRole(scope, 'opaque', { assumeRolePolicy: `\${jsonencode(local.policy)}` });
    });
    const violations = overbroadIamStatements(bad);
    expect(violations).toHaveLength(4);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/aws_iam_policy_document\.admin: allows \* on \*/),
        expect.stringMatching(/aws_iam_role\.r\.assume_role_policy: Allow with NotAction/),
        expect.stringMatching(/attaches arn:aws:iam::aws:policy\/AdministratorAccess/),
        expect.stringMatching(
          /aws_iam_role\.opaque\.assume_role_policy: policy the check cannot read/,
        ),
      ]),
    );
  });

  it('allows ecr:GetAuthorizationToken on * (an action, not *)', () => {
    const login = parsedConstruct((scope: Construct) => {
      policyDocument(scope, 'login', [
        { sid: 'Login', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      ]);
    });
    expect(overbroadIamStatements(login)).toEqual([]);
  });
});

describe('policy: both regions are present with the same shape', () => {
  const pairs = ['network', 'ecr', 'eks', 'database', 'iam'].map((concern) => {
    const primary = byName.get(`prod-us-east-1-${concern}`);
    const secondary = byName.get(`prod-eu-west-1-${concern}`);
    return [concern, primary, secondary] as const;
  });

  it.each(pairs)('%s exists in both regions', (_concern, primary, secondary) => {
    expect(primary).toBeDefined();
    expect(secondary).toBeDefined();
  });

  /** Only the primary registry replicates (the other region receives). */
  const PRIMARY_ONLY: Record<string, string[]> = { ecr: ['aws_ecr_replication_configuration'] };

  it.each(pairs)('%s has the same resource types and counts', (concern, primary, secondary) => {
    const without = (stack: SynthesizedStack | undefined, types: string[]) =>
      Object.fromEntries(Object.entries(shapeOf(stack!)).filter(([t]) => !types.includes(t)));
    expect(without(secondary, [])).toEqual(without(primary, PRIMARY_ONLY[concern] ?? []));
  });

  it('runs the same cluster, node group and database size in both regions', () => {
    const pick = (stackName: string, type: string, keys: string[]) => {
      const config = byName.get(stackName)!.resources.find((r) => r.type === type)!.config;
      return Object.fromEntries(keys.map((k) => [k, config[k]]));
    };
    for (const [type, keys, concern] of [
      ['aws_eks_cluster', ['version', 'enabled_cluster_log_types', 'encryption_config'], 'eks'],
      ['aws_eks_node_group', ['instance_types', 'scaling_config', 'capacity_type'], 'eks'],
      ['aws_db_instance', ['instance_class', 'allocated_storage', 'multi_az'], 'database'],
    ] as const) {
      const us = pick(`prod-us-east-1-${concern}`, type, [...keys]);
      const eu = pick(`prod-eu-west-1-${concern}`, type, [...keys]);
      expect(eu).toEqual(us);
    }
  });
});
