import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface ServiceIdentityProps {
  readonly serviceName: string;
  readonly roleName: string;
  readonly secretName: string;
  readonly namespace: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHost: string;
  /** The database's managed master secret, for services that talk to PostgreSQL. */
  readonly databaseSecretArn?: string;
}

const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

/**
 * IRSA for one service in one cluster: a role only that service's Kubernetes service
 * account (`system:serviceaccount:<namespace>:<service>`) can assume, allowed to read the
 * service's own secret (created empty here; its value is put outside Terraform, so it never
 * lands in state) and, if it uses the database, the database's managed master secret.
 */
export class ServiceIdentity extends Construct {
  readonly role: IamRole;
  readonly secret: SecretsmanagerSecret;
  readonly serviceAccountSubject: string;

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    this.serviceAccountSubject = `system:serviceaccount:${props.namespace}:${props.serviceName}`;
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: `Runtime secrets of ${props.serviceName} (SERVICE_AUTH_SECRET, keys)`,
      recoveryWindowInDays: 7,
    });
    const trust = policyDocument(this, 'trust', [
      {
        sid: 'ServiceAccountAssumesRole',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
        conditions: [
          {
            test: 'StringEquals',
            variable: `${props.oidcIssuerHost}:sub`,
            values: [this.serviceAccountSubject],
          },
          {
            test: 'StringEquals',
            variable: `${props.oidcIssuerHost}:aud`,
            values: ['sts.amazonaws.com'],
          },
        ],
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `IRSA role of ${props.serviceName} (${props.namespace})`,
      assumeRolePolicy: trust.json,
    });
    const statements: PolicyStatement[] = [
      { sid: 'ReadOwnSecret', actions: SECRET_READ_ACTIONS, resources: [this.secret.arn] },
    ];
    if (props.databaseSecretArn) {
      statements.push({
        sid: 'ReadDatabaseSecret',
        actions: SECRET_READ_ACTIONS,
        resources: [props.databaseSecretArn],
      });
    }
    new IamRolePolicy(this, 'permissions', {
      name: 'own-resources',
      role: this.role.id,
      policy: policyDocument(this, 'permissions-document', statements).json,
    });
  }
}
