import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface StateStoreProps {
  readonly bucketName: string;
  readonly logsBucketName: string;
  readonly lockTableName: string;
  /** Old state versions and logs move to Infrequent Access after this (S3 minimum: 30). */
  readonly infrequentAccessAfterDays: number;
  readonly expireAfterDays: number;
}

/**
 * Remote state for every other stack: a versioned, KMS-encrypted, private bucket, a bucket
 * for its access logs, and an on-demand DynamoDB lock table.
 */
export class StateStore extends Construct {
  readonly bucket: S3Bucket;
  readonly logsBucket: S3Bucket;
  readonly lockTable: DynamodbTable;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateStoreProps) {
    super(scope, id);

    this.key = new KmsKey(this, 'key', {
      description: `Encrypts Terraform state in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'key-alias', {
      name: `alias/${props.bucketName}`,
      targetKeyId: this.key.keyId,
    });

    this.logsBucket = new S3Bucket(this, 'logs', { bucket: props.logsBucketName });
    this.bucket = new S3Bucket(this, 'state', { bucket: props.bucketName });
    this.harden('logs', this.logsBucket, {
      // Server access log delivery only writes to SSE-S3 buckets, not SSE-KMS ones.
      sseAlgorithm: 'AES256',
      extraStatements: [
        {
          sid: 'S3ServerAccessLogDelivery',
          actions: ['s3:PutObject'],
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          resources: [`${this.logsBucket.arn}/s3-access/*`],
          conditions: [{ test: 'ArnLike', variable: 'aws:SourceArn', values: [this.bucket.arn] }],
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'logs-lifecycle', {
      bucket: this.logsBucket.id,
      rule: [
        {
          id: 'logs-to-infrequent-access',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: [{ days: props.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' }],
          expiration: [{ days: props.expireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    this.harden('state', this.bucket, { sseAlgorithm: 'aws:kms', kmsKeyArn: this.key.arn });
    new S3BucketVersioningA(this, 'state-versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'state-lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          // Current state stays in Standard (read on every plan); superseded versions are
          // kept for recovery but rarely read, so they move to IA and eventually expire.
          id: 'old-state-to-infrequent-access',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionTransition: [
            { noncurrentDays: props.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' },
          ],
          noncurrentVersionExpiration: [{ noncurrentDays: props.expireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketLoggingA(this, 'state-access-logs', {
      bucket: this.bucket.id,
      targetBucket: this.logsBucket.id,
      targetPrefix: `s3-access/${props.bucketName}/`,
    });

    this.lockTable = new DynamodbTable(this, 'lock', {
      name: props.lockTableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
    });
  }

  /** Encryption, no public access, bucket-owner-only objects, TLS-only access. */
  private harden(
    id: string,
    bucket: S3Bucket,
    opts: {
      sseAlgorithm: 'AES256' | 'aws:kms';
      kmsKeyArn?: string;
      extraStatements?: readonly PolicyStatement[];
    },
  ): void {
    new S3BucketServerSideEncryptionConfigurationA(this, `${id}-encryption`, {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: opts.sseAlgorithm,
            kmsMasterKeyId: opts.kmsKeyArn,
          },
          bucketKeyEnabled: opts.sseAlgorithm === 'aws:kms' ? true : undefined,
        },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, `${id}-public-access`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, `${id}-ownership`, {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const policy = policyDocument(this, `${id}-policy-document`, [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        principals: [{ type: '*', identifiers: ['*'] }],
        resources: [bucket.arn, `${bucket.arn}/*`],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      ...(opts.extraStatements ?? []),
    ]);
    new S3BucketPolicy(this, `${id}-policy`, {
      bucket: bucket.id,
      policy: policy.json,
      // The account-level block rejects policies until the block itself is in place.
      dependsOn: [publicAccess],
    });
  }
}
