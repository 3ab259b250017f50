import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { serviceTrust } from './policy-document';

export interface NodeGroupSpec {
  readonly instanceType: string;
  readonly count: number;
  readonly maxCount: number;
  readonly volumeGiB: number;
}

export interface KubernetesClusterProps {
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly privateSubnetIds: readonly string[];
  readonly publicApiCidrs: readonly string[];
  readonly controlPlaneLogTypes: readonly string[];
  readonly logRetentionDays: number;
  readonly nodes: NodeGroupSpec;
  /**
   * Tags for the EC2 instances and volumes the node group launches: provider default tags
   * stop at the launch template, they do not reach what the Auto Scaling group creates.
   */
  readonly instanceTags: Readonly<Record<string, string>>;
}

const managedPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** EKS's built-in read-only cluster policy (Kubernetes `view`, no Secrets). */
export const EKS_VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

/**
 * An EKS cluster with private managed nodes, Secrets encrypted by its own KMS key, every
 * control-plane log type on (with a short retention, since log ingestion is billed), an OIDC
 * provider for IRSA, and access entries (API authentication mode) instead of aws-auth.
 */
export class KubernetesCluster extends Construct {
  readonly cluster: EksCluster;
  readonly nodeGroup: EksNodeGroup;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** The issuer without its scheme: the prefix of IRSA condition keys (`<host>:sub`). */
  readonly oidcIssuerHost: string;
  readonly secretsKey: KmsKey;

  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id);

    this.secretsKey = new KmsKey(this, 'secrets-key', {
      description: `Envelope encryption of Kubernetes Secrets in ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });

    // Created before the cluster so EKS does not create it with "never expire" retention.
    const logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
    });

    const clusterRole = new IamRole(this, 'cluster-role', {
      name: `${props.name}-cluster`,
      assumeRolePolicy: serviceTrust(this, 'cluster-trust', 'eks.amazonaws.com').json,
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: clusterRole.name,
      policyArn: managedPolicy('AmazonEKSClusterPolicy'),
    });

    this.cluster = new EksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.privateSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...props.publicApiCidrs],
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      encryptionConfig: {
        resources: ['secrets'],
        provider: { keyArn: this.secretsKey.arn },
      },
      enabledClusterLogTypes: [...props.controlPlaneLogTypes],
      // Never slide into extended support silently ($0.60/h instead of $0.10/h): EKS
      // upgrades the control plane at the end of standard support instead.
      upgradePolicy: { supportType: 'STANDARD' },
      dependsOn: [clusterPolicy, logGroup],
    });

    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc', {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
    });
    this.oidcIssuerHost = Fn.replace(this.oidcProvider.url, 'https://', '');

    const nodeRole = new IamRole(this, 'node-role', {
      name: `${props.name}-node`,
      assumeRolePolicy: serviceTrust(this, 'node-trust', 'ec2.amazonaws.com').json,
    });
    const nodePolicies = [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
      // Pull only: nodes never push or delete images.
      'AmazonEC2ContainerRegistryPullOnly',
    ].map(
      (policy) =>
        new IamRolePolicyAttachment(this, `node-${policy}`, {
          role: nodeRole.name,
          policyArn: managedPolicy(policy),
        }),
    );

    const launchTemplate = new LaunchTemplate(this, 'node-template', {
      name: `${props.name}-node`,
      updateDefaultVersion: true,
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: props.nodes.volumeGiB,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      // IMDSv2 only, one hop: pods cannot borrow the node role, they use IRSA.
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
      },
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { ...props.instanceTags, Name: `${props.name}-node` },
      })),
    });

    this.nodeGroup = new EksNodeGroup(this, 'nodes', {
      clusterName: this.cluster.name,
      nodeGroupName: `${props.name}-default`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: [...props.privateSubnetIds],
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      instanceTypes: [props.nodes.instanceType],
      scalingConfig: {
        desiredSize: props.nodes.count,
        minSize: props.nodes.count,
        maxSize: props.nodes.maxCount,
      },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: {
        id: launchTemplate.id,
        version: Token.asString(launchTemplate.latestVersion),
      },
      dependsOn: nodePolicies,
    });
  }

  /**
   * Read-only Kubernetes access for an IAM principal (the portal's Kubernetes plugin):
   * an access entry plus EKS's view policy over the whole cluster. The optional groups let
   * in-cluster RBAC refine it (read-only bindings only: groups can grant, never restrict).
   */
  grantReadOnly(
    id: string,
    principalArn: string,
    kubernetesGroups: readonly string[] = [],
  ): EksAccessPolicyAssociation {
    const entry = new EksAccessEntry(this, `${id}-access`, {
      clusterName: this.cluster.name,
      principalArn,
      type: 'STANDARD',
      kubernetesGroups: kubernetesGroups.length > 0 ? [...kubernetesGroups] : undefined,
    });
    return new EksAccessPolicyAssociation(this, `${id}-view`, {
      clusterName: this.cluster.name,
      principalArn,
      policyArn: EKS_VIEW_POLICY,
      accessScope: { type: 'cluster' },
      dependsOn: [entry],
    });
  }
}
