import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument } from './policy-document';

export interface PortalViewerRoleProps {
  readonly roleName: string;
  /** Principals that may assume the role; the account root delegates the choice to IAM. */
  readonly trustedPrincipalArns: readonly string[];
  /** Clusters the portal may describe (endpoint, CA); Kubernetes access is granted per cluster. */
  readonly clusterArns: readonly string[];
}

/**
 * The identity the Backstage Kubernetes plugin assumes (`authProvider: aws`, `assumeRole`).
 * Its only IAM permission is describing the clusters; what it may see inside them comes
 * from each cluster's access entry with AmazonEKSViewPolicy (read-only, no Secrets).
 */
export class PortalViewerRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PortalViewerRoleProps) {
    super(scope, id);
    const trust = policyDocument(this, 'trust', [
      {
        sid: 'PortalBackendAssumesRole',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'AWS', identifiers: props.trustedPrincipalArns }],
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'Backstage Kubernetes plugin: read-only view of the EKS clusters',
      assumeRolePolicy: trust.json,
    });
    new IamRolePolicy(this, 'describe-clusters', {
      name: 'describe-clusters',
      role: this.role.id,
      policy: policyDocument(this, 'permissions', [
        { sid: 'DescribeClusters', actions: ['eks:DescribeCluster'], resources: props.clusterArns },
      ]).json,
    });
  }
}
