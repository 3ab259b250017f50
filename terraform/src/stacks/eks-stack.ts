import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { clusterName, type EnvironmentConfig, type RegionConfig } from '../config';
import { KubernetesCluster } from '../constructs/kubernetes-cluster';
import { AwsStack } from './aws-stack';
import type { NetworkStack } from './network-stack';

export interface EksStackProps {
  readonly network: NetworkStack;
  /** Principals given read-only Kubernetes access (the portal's role). */
  readonly viewers: readonly {
    readonly id: string;
    readonly principalArn: string;
    readonly kubernetesGroups: readonly string[];
  }[];
}

/** `<env>-<region>-eks`: the region's cluster, nodes, OIDC provider and viewer access. */
export class EksStack extends AwsStack {
  readonly cluster: KubernetesCluster;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    region: RegionConfig,
    props: EksStackProps,
  ) {
    super(scope, { config, region: region.name, label: region.name, concern: 'eks' });
    const name = clusterName(config, region.name);
    this.cluster = new KubernetesCluster(this, 'cluster', {
      name,
      kubernetesVersion: config.eks.kubernetesVersion,
      privateSubnetIds: props.network.network.privateSubnets.map((s) => s.id),
      publicApiCidrs: config.eks.publicApiCidrs,
      controlPlaneLogTypes: config.eks.controlPlaneLogTypes,
      logRetentionDays: config.eks.logRetentionDays,
      nodes: {
        instanceType: config.eks.nodeInstanceType,
        count: config.eks.nodeCount,
        maxCount: config.eks.nodeMaxCount,
        volumeGiB: config.eks.nodeVolumeGiB,
      },
      instanceTags: this.tags,
    });
    for (const viewer of props.viewers) {
      this.cluster.grantReadOnly(viewer.id, viewer.principalArn, viewer.kubernetesGroups);
    }

    new TerraformOutput(this, 'cluster_name', { value: this.cluster.cluster.name });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.cluster.cluster.endpoint });
    new TerraformOutput(this, 'oidc_provider_arn', { value: this.cluster.oidcProvider.arn });
  }
}
