import { Construct } from 'constructs';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, serviceTrust } from './policy-document';

export interface JenkinsPushRoleProps {
  readonly roleName: string;
  /** The only repositories Jenkins may write to. */
  readonly repositoryArns: readonly string[];
}

/** What `docker push` needs against ECR, and nothing that deletes or reconfigures. */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  // Push reads back the manifest it wrote; it lets Jenkins see whether a tag exists.
  'ecr:BatchGetImage',
] as const;

/**
 * The Jenkins agent's role (Jenkins runs on EC2, so the role is handed over through an
 * instance profile): push images to the service repositories and nothing else. Jenkins
 * never deploys; Argo CD pulls the GitOps commit it makes.
 */
export class JenkinsPushRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: JenkinsPushRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'Jenkins: push service images to ECR, nothing else',
      assumeRolePolicy: serviceTrust(this, 'trust', 'ec2.amazonaws.com').json,
    });
    const permissions = policyDocument(this, 'permissions', [
      {
        // The registry login; AWS defines no resource for it, so `*` is the only choice.
        sid: 'RegistryLogin',
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      },
      {
        sid: 'PushServiceImages',
        actions: ECR_PUSH_ACTIONS,
        resources: props.repositoryArns,
      },
    ]);
    new IamRolePolicy(this, 'push', {
      name: 'ecr-push-service-images',
      role: this.role.id,
      policy: permissions.json,
    });
    this.instanceProfile = new IamInstanceProfile(this, 'profile', {
      name: props.roleName,
      role: this.role.name,
    });
  }
}
