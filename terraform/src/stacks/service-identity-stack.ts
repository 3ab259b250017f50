import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { type EnvironmentConfig, namespaceOf, type RegionConfig } from '../config';
import { ServiceIdentity } from '../constructs/service-identity';
import { AwsStack } from './aws-stack';
import type { EksStack } from './eks-stack';

export interface ServiceIdentityStackProps {
  readonly eks: EksStack;
  /** The database's managed master secret (the primary's: a replica has none of its own). */
  readonly databaseSecretArn: string;
}

/** `<env>-<region>-iam`: an IRSA role and own secret per service that needs AWS access. */
export class ServiceIdentityStack extends AwsStack {
  readonly identities: ReadonlyMap<string, ServiceIdentity>;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    region: RegionConfig,
    props: ServiceIdentityStackProps,
  ) {
    super(scope, { config, region: region.name, label: region.name, concern: 'iam' });
    const identities = new Map<string, ServiceIdentity>();
    for (const svc of config.services.filter((s) => s.needsRuntimeSecret)) {
      identities.set(
        svc.name,
        new ServiceIdentity(this, svc.name, {
          serviceName: svc.name,
          roleName: `${config.env}-${region.name}-${svc.name}`,
          secretName: `${config.project}/${config.env}/${svc.name}`,
          namespace: namespaceOf(region, svc),
          oidcProviderArn: props.eks.cluster.oidcProvider.arn,
          oidcIssuerHost: props.eks.cluster.oidcIssuerHost,
          databaseSecretArn: svc.usesDatabase ? props.databaseSecretArn : undefined,
        }),
      );
    }
    this.identities = identities;
    new TerraformOutput(this, 'service_role_arns', {
      description: 'eks.amazonaws.com/role-arn annotation per service account',
      value: Object.fromEntries([...identities].map(([name, id]) => [name, id.role.arn])),
    });
    new TerraformOutput(this, 'service_secret_arns', {
      value: Object.fromEntries([...identities].map(([name, id]) => [name, id.secret.arn])),
    });
  }
}
