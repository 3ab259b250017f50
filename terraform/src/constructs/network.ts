import { Construct } from 'constructs';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';

export interface NetworkProps {
  readonly namePrefix: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly publicSubnetCidrs: readonly string[];
  readonly privateSubnetCidrs: readonly string[];
  /** Tags subnets so the load balancer controller and ingress-nginx find them. */
  readonly clusterName: string;
}

/**
 * A VPC across the given availability zones: public subnets (load balancers, the NAT) and
 * private subnets (nodes, database), with ONE NAT gateway for all private subnets. One NAT
 * instead of one per zone is the seed's cost choice (~$33/month each): if its zone fails,
 * the other zone's nodes lose egress until the NAT is recreated.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[];
  readonly privateSubnets: Subnet[];
  readonly natGateway: NatGateway;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (
      props.availabilityZones.length !== props.publicSubnetCidrs.length ||
      props.availabilityZones.length !== props.privateSubnetCidrs.length
    ) {
      throw new Error('one public and one private subnet CIDR per availability zone');
    }

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.namePrefix },
    });
    // The VPC's default group allows all traffic between its members; nothing should use it.
    new DefaultSecurityGroup(this, 'default-sg-locked', { vpcId: this.vpc.id });

    const clusterTag = { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' };
    this.publicSubnets = props.availabilityZones.map(
      (az, i) =>
        new Subnet(this, `public-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: props.publicSubnetCidrs[i],
          mapPublicIpOnLaunch: false,
          tags: {
            Name: `${props.namePrefix}-public-${az}`,
            'kubernetes.io/role/elb': '1',
            ...clusterTag,
          },
        }),
    );
    this.privateSubnets = props.availabilityZones.map(
      (az, i) =>
        new Subnet(this, `private-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: props.privateSubnetCidrs[i],
          tags: {
            Name: `${props.namePrefix}-private-${az}`,
            'kubernetes.io/role/internal-elb': '1',
            ...clusterTag,
          },
        }),
    );

    const internetGateway = new InternetGateway(this, 'igw', {
      vpcId: this.vpc.id,
      tags: { Name: props.namePrefix },
    });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.namePrefix}-public` },
    });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });
    this.publicSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `public-routes-${i}`, {
          routeTableId: publicRoutes.id,
          subnetId: subnet.id,
        }),
    );

    const natAddress = new Eip(this, 'nat-ip', {
      domain: 'vpc',
      tags: { Name: `${props.namePrefix}-nat` },
    });
    this.natGateway = new NatGateway(this, 'nat', {
      allocationId: natAddress.allocationId,
      subnetId: this.publicSubnets[0]!.id,
      tags: { Name: props.namePrefix },
      dependsOn: [internetGateway],
    });
    const privateRoutes = new RouteTable(this, 'private-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.namePrefix}-private` },
    });
    new Route(this, 'private-default-route', {
      routeTableId: privateRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: this.natGateway.id,
    });
    this.privateSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `private-routes-${i}`, {
          routeTableId: privateRoutes.id,
          subnetId: subnet.id,
        }),
    );
  }
}
