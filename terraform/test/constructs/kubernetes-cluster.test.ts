import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import {
  EKS_VIEW_POLICY,
  KubernetesCluster,
  type KubernetesClusterProps,
} from '../../src/constructs/kubernetes-cluster';
import { onlyResource, synthConstruct } from '../support/synth';

const props: KubernetesClusterProps = {
  name: 'acme-prod-us-east-1',
  kubernetesVersion: '1.34',
  privateSubnetIds: ['subnet-a', 'subnet-b'],
  publicApiCidrs: ['203.0.113.0/24'],
  controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
  logRetentionDays: 7,
  nodes: { instanceType: 't3.medium', count: 2, maxCount: 3, volumeGiB: 20 },
  instanceTags: { project: 'acme', environment: 'prod', region: 'us-east-1', owner: 'platform' },
};

describe('KubernetesCluster', () => {
  const synthesized = synthConstruct((scope) => {
    const cluster = new KubernetesCluster(scope, 'eks', props);
    cluster.grantReadOnly('portal', 'arn:aws:iam::123456789012:role/portal');
  });

  it('encrypts Secrets with its KMS key, logs every control-plane type, stays in standard support', () => {
    expect(synthesized).toHaveResourceWithProperties(EksCluster, {
      name: 'acme-prod-us-east-1',
      version: '1.34',
      enabled_cluster_log_types: props.controlPlaneLogTypes,
      encryption_config: {
        resources: ['secrets'],
        provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/) },
      },
      upgrade_policy: { support_type: 'STANDARD' },
      access_config: expect.objectContaining({ authentication_mode: 'API' }),
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/eks/acme-prod-us-east-1/cluster',
      retention_in_days: 7,
    });
  });

  it('puts the control plane ENIs and the nodes in the private subnets only', () => {
    const cluster = onlyResource(synthesized, 'aws_eks_cluster');
    expect((cluster.vpc_config as Record<string, unknown>).subnet_ids).toEqual([
      'subnet-a',
      'subnet-b',
    ]);
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      subnet_ids: ['subnet-a', 'subnet-b'],
      instance_types: ['t3.medium'],
      capacity_type: 'ON_DEMAND',
      scaling_config: { desired_size: 2, min_size: 2, max_size: 3 },
    });
  });

  it('launches nodes with encrypted gp3 volumes, IMDSv2 at one hop, and the required tags', () => {
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      block_device_mappings: [
        expect.objectContaining({
          ebs: expect.objectContaining({ volume_size: 20, volume_type: 'gp3', encrypted: 'true' }),
        }),
      ],
      metadata_options: expect.objectContaining({
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
      }),
      tag_specifications: expect.arrayContaining([
        { resource_type: 'instance', tags: expect.objectContaining(props.instanceTags) },
      ]),
    });
  });

  it('has an OIDC provider for IRSA and nodes that can pull but not push images', () => {
    expect(synthesized).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      client_id_list: ['sts.amazonaws.com'],
      url: expect.stringContaining('identity[0].oidc[0].issuer'),
    });
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
    });
    expect(synthesized).not.toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: expect.stringMatching(/PowerUser|FullAccess|AdministratorAccess/),
    });
  });

  it('grants a principal read-only Kubernetes access through an access entry', () => {
    const principalArn = 'arn:aws:iam::123456789012:role/portal';
    expect(synthesized).toHaveResourceWithProperties(EksAccessEntry, {
      principal_arn: principalArn,
      type: 'STANDARD',
    });
    expect(synthesized).toHaveResourceWithProperties(EksAccessPolicyAssociation, {
      principal_arn: principalArn,
      policy_arn: EKS_VIEW_POLICY,
      access_scope: { type: 'cluster' },
    });
  });
});
