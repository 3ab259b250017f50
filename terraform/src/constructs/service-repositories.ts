import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';

export interface ServiceRepositoriesProps {
  /** Full repository names, e.g. `supplychain-crm/crm-api`. */
  readonly repositoryNames: readonly string[];
  readonly keepLatestImages: number;
  /**
   * Copy every pushed image to these regions (same account): Jenkins pushes once to the
   * primary registry and each cluster still pulls from its own region, also when the
   * primary region is down.
   */
  readonly replicateTo?: { readonly regions: readonly string[]; readonly accountId: string };
  /** Replication filter: only repositories under this prefix are copied. */
  readonly namespace: string;
}

/** The lifecycle rule: expire everything beyond the newest N images, tagged or not. */
export const keepLatestImagesPolicy = (count: number): string =>
  JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the latest ${count} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: count },
        action: { type: 'expire' },
      },
    ],
  });

/** One ECR repository per service: scanned on push, immutable tags, the last N images kept. */
export class ServiceRepositories extends Construct {
  readonly repositories: ReadonlyMap<string, EcrRepository>;

  constructor(scope: Construct, id: string, props: ServiceRepositoriesProps) {
    super(scope, id);
    const repositories = new Map<string, EcrRepository>();
    for (const name of props.repositoryNames) {
      const constructId = name.replace(/[^a-z0-9-]/g, '-');
      const repository = new EcrRepository(this, constructId, {
        name,
        // A tag names one build forever: GitOps commits pin tags, so a moved tag would
        // change what runs without a commit.
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'AES256' }],
      });
      new EcrLifecyclePolicy(this, `${constructId}-lifecycle`, {
        repository: repository.name,
        policy: keepLatestImagesPolicy(props.keepLatestImages),
      });
      repositories.set(name, repository);
    }
    this.repositories = repositories;

    if (props.replicateTo && props.replicateTo.regions.length > 0) {
      new EcrReplicationConfiguration(this, 'replication', {
        replicationConfiguration: {
          rule: [
            {
              destination: props.replicateTo.regions.map((region) => ({
                region,
                registryId: props.replicateTo!.accountId,
              })),
              repositoryFilter: [{ filter: `${props.namespace}/`, filterType: 'PREFIX_MATCH' }],
            },
          ],
        },
      });
    }
  }
}
