import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { clusterName, type EnvironmentConfig, regionsOf } from '../config';
import { JenkinsPushRole } from '../constructs/jenkins-push-role';
import { PortalViewerRole } from '../constructs/portal-viewer-role';
import { AwsStack } from './aws-stack';
import type { EcrStack } from './ecr-stack';

export interface GlobalIamStackProps {
  /** The registry Jenkins pushes to (the primary region's). */
  readonly pushRegistry: EcrStack;
}

/** `<env>-global-iam`: account-wide roles — Jenkins (ECR push) and the portal (read-only). */
export class GlobalIamStack extends AwsStack {
  readonly jenkins: JenkinsPushRole;
  readonly portal: PortalViewerRole;

  constructor(scope: Construct, config: EnvironmentConfig, props: GlobalIamStackProps) {
    super(scope, { config, region: config.primary.name, label: 'global', concern: 'iam' });
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');

    this.jenkins = new JenkinsPushRole(this, 'jenkins', {
      roleName: `${config.project}-${config.env}-jenkins`,
      repositoryArns: [...props.pushRegistry.repositories.repositories.values()].map((r) => r.arn),
    });
    // Cluster ARNs from names, not from the EKS stacks: those grant this role access, so
    // referencing them here would make the dependency circular.
    const clusterArns = regionsOf(config).map(
      (r) =>
        `arn:${partition.partition}:eks:${r.name}:${account.accountId}:cluster/${clusterName(config, r.name)}`,
    );
    this.portal = new PortalViewerRole(this, 'portal', {
      roleName: `${config.project}-${config.env}-portal-k8s-viewer`,
      trustedPrincipalArns: [`arn:${partition.partition}:iam::${account.accountId}:root`],
      clusterArns,
    });

    new TerraformOutput(this, 'jenkins_role_arn', { value: this.jenkins.role.arn });
    new TerraformOutput(this, 'jenkins_instance_profile', {
      value: this.jenkins.instanceProfile.name,
    });
    new TerraformOutput(this, 'portal_role_arn', { value: this.portal.role.arn });
  }
}
