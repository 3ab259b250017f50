import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { type EnvironmentConfig, type RegionConfig, repositoryName } from '../config';
import { ServiceRepositories } from '../constructs/service-repositories';
import { AwsStack } from './aws-stack';

export interface EcrStackProps {
  /** Regions the primary registry replicates to (empty for a replica region). */
  readonly replicateTo: readonly RegionConfig[];
}

/** `<env>-<region>-ecr`: one repository per service; the primary replicates to the others. */
export class EcrStack extends AwsStack {
  readonly repositories: ServiceRepositories;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    region: RegionConfig,
    props: EcrStackProps,
  ) {
    super(scope, { config, region: region.name, label: region.name, concern: 'ecr' });
    const account = new DataAwsCallerIdentity(this, 'account');
    this.repositories = new ServiceRepositories(this, 'repositories', {
      repositoryNames: config.services.map((s) => repositoryName(config, s.name)),
      keepLatestImages: config.ecr.keepLatestImages,
      namespace: config.ecr.namespace,
      replicateTo:
        props.replicateTo.length > 0
          ? { regions: props.replicateTo.map((r) => r.name), accountId: account.accountId }
          : undefined,
    });
    new TerraformOutput(this, 'repository_urls', {
      description: 'ECR repository URL per service',
      value: Object.fromEntries(
        config.services.map((s) => [
          s.name,
          this.repositories.repositories.get(repositoryName(config, s.name))!.repositoryUrl,
        ]),
      ),
    });
  }
}
