import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { clusterName, type EnvironmentConfig, type RegionConfig } from '../config';
import { Network } from '../constructs/network';
import { AwsStack } from './aws-stack';

/** `<env>-<region>-network`: the region's VPC, subnets and single NAT gateway. */
export class NetworkStack extends AwsStack {
  readonly network: Network;

  constructor(scope: Construct, config: EnvironmentConfig, region: RegionConfig) {
    super(scope, { config, region: region.name, label: region.name, concern: 'network' });
    this.network = new Network(this, 'network', {
      namePrefix: `${config.project}-${config.env}-${region.name}`,
      vpcCidr: region.vpcCidr,
      availabilityZones: region.availabilityZones,
      publicSubnetCidrs: region.publicSubnetCidrs,
      privateSubnetCidrs: region.privateSubnetCidrs,
      clusterName: clusterName(config, region.name),
    });
    new TerraformOutput(this, 'vpc_id', { value: this.network.vpc.id });
  }
}
