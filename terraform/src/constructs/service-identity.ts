import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { policyDocument } from './policy-document';

export interface ServiceIdentityProps {
  readonly serviceName: string;
  readonly roleName: string;
  readonly namespace: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHost: string;
  /** Exactly the secrets this service reads; nothing else is granted. */
  readonly readableSecretArns: readonly string[];
}

/**
 * IRSA trust: only the Kubernetes service account `subject`
 * (`system:serviceaccount:<namespace>:<name>`) of the cluster behind this OIDC provider may
 * assume the role.
 */
export const serviceAccountTrust = (
  scope: Construct,
  id: string,
  props: { oidcProviderArn: string; oidcIssuerHost: string; subject: string },
) =>
  policyDocument(scope, id, [
    {
      sid: 'ServiceAccountAssumesRole',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
      conditions: [
        { test: 'StringEquals', variable: `${props.oidcIssuerHost}:sub`, values: [props.subject] },
        {
          test: 'StringEquals',
          variable: `${props.oidcIssuerHost}:aud`,
          values: ['sts.amazonaws.com'],
        },
      ],
    },
  ]);

export const SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
] as const;

/**
 * IRSA for one service in one cluster: a role only that service's Kubernetes service
 * account (`system:serviceaccount:<namespace>:<service>`) can assume, which may read the
 * secrets the service uses and nothing else. External Secrets uses the same service account
 * (a SecretStore per service), so the secret reaches only that service's namespace.
 */
export class ServiceIdentity extends Construct {
  readonly role: IamRole;
  readonly serviceAccountSubject: string;

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    if (props.readableSecretArns.length === 0) {
      throw new Error(`${props.serviceName} reads no secret: it needs no IRSA role`);
    }
    this.serviceAccountSubject = `system:serviceaccount:${props.namespace}:${props.serviceName}`;
    const trust = serviceAccountTrust(this, 'trust', {
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHost: props.oidcIssuerHost,
      subject: this.serviceAccountSubject,
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `IRSA role of ${props.serviceName} (${props.namespace})`,
      assumeRolePolicy: trust.json,
    });
    new IamRolePolicy(this, 'permissions', {
      name: 'read-own-secrets',
      role: this.role.id,
      policy: policyDocument(this, 'permissions-document', [
        { sid: 'ReadSecrets', actions: SECRET_READ_ACTIONS, resources: props.readableSecretArns },
      ]).json,
    });
  }
}

export interface ApplicationSecretsProps {
  readonly names: Readonly<Record<string, string>>;
}

/**
 * Secrets Manager secrets the services read, created empty: their values are put with
 * `aws secretsmanager put-secret-value` so they never appear in Terraform state.
 */
export class ApplicationSecrets extends Construct {
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    this.secrets = new Map(
      Object.entries(props.names).map(([key, name]) => [
        key,
        new SecretsmanagerSecret(this, key, {
          name,
          description: `Runtime secret ${name}; value set outside Terraform`,
          recoveryWindowInDays: 7,
        }),
      ]),
    );
  }

  arnOf(key: string): string {
    const secret = this.secrets.get(key);
    if (!secret) throw new Error(`no application secret ${key}`);
    return secret.arn;
  }
}
