import type { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { StateStore } from '../../src/constructs/state-store';
import { unsafeBuckets } from '../../src/policy/rules';
import { parsedConstruct, synthConstruct } from '../support/synth';

const props = {
  bucketName: 'acme-tfstate',
  logsBucketName: 'acme-logs',
  lockTableName: 'acme-lock',
  infrequentAccessAfterDays: 30,
  expireAfterDays: 365,
};
const build = (scope: Construct) => new StateStore(scope, 'state', props);

describe('StateStore', () => {
  const synthesized = synthConstruct(build);

  it('keeps state in a versioned bucket encrypted with its own rotating KMS key', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: 'acme-tfstate' });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        expect.objectContaining({
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.[^.]+\.arn\}$/),
          },
          bucket_key_enabled: true,
        }),
      ],
    });
  });

  it('blocks every kind of public access on both buckets', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(unsafeBuckets(parsedConstruct(build))).toEqual([]);
  });

  it('moves old state versions and logs to Infrequent Access', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({
          noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: 'STANDARD_IA' }],
        }),
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({
          transition: [{ days: 30, storage_class: 'STANDARD_IA' }],
          expiration: [{ days: 365 }],
        }),
      ],
    });
  });

  it('locks with an on-demand DynamoDB table keyed by LockID', () => {
    expect(synthesized).toHaveResourceWithProperties(DynamodbTable, {
      name: 'acme-lock',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
    });
  });
});
