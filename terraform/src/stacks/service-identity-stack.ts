import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import {
  type EnvironmentConfig,
  namespaceOf,
  needsAwsAccess,
  type RegionConfig,
  type ServiceConfig,
  serviceRoleName,
} from '../config';
import { DnsChallengeIdentity } from '../constructs/dns-challenge-identity';
import { ApplicationSecrets, ServiceIdentity } from '../constructs/service-identity';
import { AwsStack } from './aws-stack';
import type { EksStack } from './eks-stack';

export interface ServiceIdentityStackProps {
  readonly eks: EksStack;
  /** The RDS-managed master secret (the primary's: a replica has none of its own). */
  readonly databaseSecretArn: string;
}

/**
 * `<env>-<region>-iam`: the services' secrets, an IRSA role per service that reads any, and
 * cert-manager's role for the DNS-01 challenges of the public host's certificate.
 */
export class ServiceIdentityStack extends AwsStack {
  readonly secrets: ApplicationSecrets;
  readonly identities: ReadonlyMap<string, ServiceIdentity>;
  readonly certManager: DnsChallengeIdentity;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    region: RegionConfig,
    props: ServiceIdentityStackProps,
  ) {
    super(scope, { config, region: region.name, label: region.name, concern: 'iam' });
    this.secrets = new ApplicationSecrets(this, 'secrets', { names: config.secrets });
    const readable = (svc: ServiceConfig): string[] => [
      ...(svc.usesDatabase ? [props.databaseSecretArn] : []),
      ...(svc.usesServiceAuth ? [this.secrets.arnOf('serviceAuth')] : []),
      ...(svc.issuesUserTokens ? [this.secrets.arnOf('userTokenSigningKey')] : []),
    ];
    const identities = new Map<string, ServiceIdentity>();
    for (const svc of config.services.filter(needsAwsAccess)) {
      identities.set(
        svc.name,
        new ServiceIdentity(this, svc.name, {
          serviceName: svc.name,
          roleName: serviceRoleName(config, region.name, svc.name),
          namespace: namespaceOf(region, svc),
          oidcProviderArn: props.eks.cluster.oidcProvider.arn,
          oidcIssuerHost: props.eks.cluster.oidcIssuerHost,
          readableSecretArns: readable(svc),
        }),
      );
    }
    this.identities = identities;
    this.certManager = new DnsChallengeIdentity(this, 'cert-manager', {
      roleName: serviceRoleName(config, region.name, 'cert-manager'),
      oidcProviderArn: props.eks.cluster.oidcProvider.arn,
      oidcIssuerHost: props.eks.cluster.oidcIssuerHost,
      zoneName: config.dns.zoneName,
    });
    new TerraformOutput(this, 'service_role_arns', {
      description: 'eks.amazonaws.com/role-arn annotation per service account',
      value: Object.fromEntries([...identities].map(([name, id]) => [name, id.role.arn])),
    });
    new TerraformOutput(this, 'cert_manager_role_arn', {
      description: 'eks.amazonaws.com/role-arn annotation of the cert-manager service account',
      value: this.certManager.role.arn,
    });
    new TerraformOutput(this, 'secret_arns', {
      value: Object.fromEntries([...this.secrets.secrets].map(([key, s]) => [key, s.arn])),
    });
  }
}
