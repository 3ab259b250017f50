import { App } from 'cdktf';
import { type EnvironmentConfig, type RegionName, regionsOf } from './config';
import type { AwsStack } from './stacks/aws-stack';
import { PrimaryDatabaseStack, ReplicaDatabaseStack } from './stacks/database-stacks';
import { DnsStack } from './stacks/dns-stack';
import { EcrStack } from './stacks/ecr-stack';
import { EksStack } from './stacks/eks-stack';
import { GlobalIamStack } from './stacks/global-iam-stack';
import { NetworkStack } from './stacks/network-stack';
import { ServiceIdentityStack } from './stacks/service-identity-stack';
import { StateStack } from './stacks/state-stack';

export interface RegionStacks {
  readonly network: NetworkStack;
  readonly ecr: EcrStack;
  readonly eks: EksStack;
  readonly database: PrimaryDatabaseStack | ReplicaDatabaseStack;
  readonly iam: ServiceIdentityStack;
}

export interface Infrastructure {
  readonly state: StateStack;
  readonly iam: GlobalIamStack;
  readonly dns: DnsStack;
  readonly regions: Readonly<Record<RegionName, RegionStacks>>;
  /** In apply order (each stack after the ones it reads from). */
  readonly stacks: readonly AwsStack[];
}

/**
 * Every stack of one environment. Order matters only for readability: cdktf derives the
 * dependencies from the cross-stack references (public fields) and writes them to the
 * manifest.
 */
export function buildInfrastructure(app: App, config: EnvironmentConfig): Infrastructure {
  const [primary, secondary] = regionsOf(config);
  const state = new StateStack(app, config);

  const network = {
    primary: new NetworkStack(app, config, primary),
    secondary: new NetworkStack(app, config, secondary),
  };
  const ecr = {
    primary: new EcrStack(app, config, primary, { replicateTo: [secondary] }),
    secondary: new EcrStack(app, config, secondary, { replicateTo: [] }),
  };
  const iam = new GlobalIamStack(app, config, { pushRegistry: ecr.primary });
  const viewers = [
    {
      id: 'portal',
      principalArn: iam.portal.role.arn,
      kubernetesGroups: config.portal.kubernetesGroups,
    },
  ];
  const eks = {
    primary: new EksStack(app, config, primary, { network: network.primary, viewers }),
    secondary: new EksStack(app, config, secondary, { network: network.secondary, viewers }),
  };
  const primaryDatabase = new PrimaryDatabaseStack(app, config, primary, {
    network: network.primary,
    eks: eks.primary,
  });
  const replicaDatabase = new ReplicaDatabaseStack(app, config, secondary, {
    network: network.secondary,
    eks: eks.secondary,
    source: primaryDatabase,
  });
  const databaseSecretArn = primaryDatabase.database.masterSecretArn;
  const identities = {
    primary: new ServiceIdentityStack(app, config, primary, {
      eks: eks.primary,
      databaseSecretArn,
    }),
    secondary: new ServiceIdentityStack(app, config, secondary, {
      eks: eks.secondary,
      databaseSecretArn,
    }),
  };
  const dns = new DnsStack(app, config);

  const regions = {
    [primary.name]: {
      network: network.primary,
      ecr: ecr.primary,
      eks: eks.primary,
      database: primaryDatabase,
      iam: identities.primary,
    },
    [secondary.name]: {
      network: network.secondary,
      ecr: ecr.secondary,
      eks: eks.secondary,
      database: replicaDatabase,
      iam: identities.secondary,
    },
  } as Record<RegionName, RegionStacks>;

  return {
    state,
    iam,
    dns,
    regions,
    stacks: [
      state,
      network.primary,
      network.secondary,
      ecr.primary,
      ecr.secondary,
      iam,
      eks.primary,
      eks.secondary,
      primaryDatabase,
      replicaDatabase,
      identities.primary,
      identities.secondary,
      dns,
    ],
  };
}
