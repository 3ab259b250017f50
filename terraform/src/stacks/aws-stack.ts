import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type EnvironmentConfig, type RegionName, stackName } from '../config';

export type RegionLabel = RegionName | 'global';

export interface AwsStackProps {
  readonly config: EnvironmentConfig;
  /** Where the provider points (IAM and Route 53 are global but still need an endpoint). */
  readonly region: RegionName;
  /** The `<region>` part of the stack name and the `region` tag. */
  readonly label: RegionLabel;
  readonly concern: string;
  /**
   * Only the stack that creates the state bucket keeps its state locally: the bucket it
   * would write to does not exist until that stack has been applied.
   */
  readonly localState?: boolean;
}

/** The tags every taggable resource must carry (checked by the policy tests). */
export interface RequiredTags {
  readonly project: string;
  readonly environment: string;
  readonly region: string;
  readonly owner: string;
}

/**
 * A stack owning its AWS provider (default tags for every resource it creates) and its
 * state location in the shared bucket, keyed by stack name.
 */
export class AwsStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly region: RegionName;
  readonly label: RegionLabel;
  readonly tags: RequiredTags & Readonly<Record<string, string>>;
  readonly provider: AwsProvider;

  constructor(scope: Construct, props: AwsStackProps) {
    const name = stackName(props.config, props.label, props.concern);
    super(scope, name);
    this.config = props.config;
    this.region = props.region;
    this.label = props.label;
    this.tags = {
      project: props.config.project,
      environment: props.config.env,
      region: props.label,
      owner: props.config.owner,
      'managed-by': 'cdktf',
      stack: name,
    };
    this.provider = new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { ...this.tags } }],
    });
    if (props.localState) {
      // Relative to cdktf.out/stacks/<stack>/, i.e. terraform/bootstrap-state/ (git-ignored).
      new LocalBackend(this, { path: `../../../bootstrap-state/${name}.tfstate` });
    } else {
      // No `encrypt`: with it and no key id the backend would force SSE-S3 on every write;
      // without it the bucket's default SSE-KMS with the state key applies.
      new S3Backend(this, {
        bucket: props.config.state.bucket,
        key: `${name}/terraform.tfstate`,
        region: props.config.state.region,
        dynamodbTable: props.config.state.lockTable,
      });
    }
  }
}
