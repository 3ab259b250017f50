import type { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import {
  keepLatestImagesPolicy,
  ServiceRepositories,
} from '../../src/constructs/service-repositories';
import { unsafeRepositories } from '../../src/policy/rules';
import { parsedConstruct, resourcesOf, synthConstruct } from '../support/synth';

const names = ['supplychain-crm/crm-api', 'supplychain-crm/crm-ui'];

describe('ServiceRepositories', () => {
  const build = (replicate: boolean) => (scope: Construct) =>
    new ServiceRepositories(scope, 'ecr', {
      repositoryNames: names,
      keepLatestImages: 5,
      namespace: 'supplychain-crm',
      replicateTo: replicate ? { regions: ['eu-west-1'], accountId: '123456789012' } : undefined,
    });
  const synthesized = synthConstruct(build(true));

  it('creates one scanned, immutable repository per service', () => {
    for (const name of names) {
      expect(synthesized).toHaveResourceWithProperties(EcrRepository, {
        name,
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
      });
    }
    expect(Object.keys(resourcesOf(synthesized).aws_ecr_repository ?? {})).toHaveLength(2);
    expect(unsafeRepositories(parsedConstruct(build(true)))).toEqual([]);
  });

  it('keeps only the latest five images', () => {
    expect(synthesized).toHaveResourceWithProperties(EcrLifecyclePolicy, {
      policy: keepLatestImagesPolicy(5),
    });
    const rule = (JSON.parse(keepLatestImagesPolicy(5)) as { rules: Record<string, unknown>[] })
      .rules[0];
    expect(rule).toMatchObject({
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 },
      action: { type: 'expire' },
    });
  });

  it('replicates the namespace to the other region only when asked', () => {
    expect(synthesized).toHaveResourceWithProperties(EcrReplicationConfiguration, {
      replication_configuration: {
        rule: [
          {
            destination: [{ region: 'eu-west-1', registry_id: '123456789012' }],
            repository_filter: [{ filter: 'supplychain-crm/', filter_type: 'PREFIX_MATCH' }],
          },
        ],
      },
    });
    expect(synthConstruct(build(false))).not.toHaveResource(EcrReplicationConfiguration);
  });
});
