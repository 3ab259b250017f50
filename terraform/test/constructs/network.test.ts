import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Network, type NetworkProps } from '../../src/constructs/network';
import { resourcesOf, synthConstruct } from '../support/synth';

const props: NetworkProps = {
  namePrefix: 'acme',
  vpcCidr: '10.0.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  publicSubnetCidrs: ['10.0.0.0/20', '10.0.16.0/20'],
  privateSubnetCidrs: ['10.0.128.0/18', '10.0.192.0/18'],
  clusterName: 'acme-cluster',
};

describe('Network', () => {
  const synthesized = synthConstruct((scope) => new Network(scope, 'network', props));
  const resources = resourcesOf(synthesized);

  it('spans two availability zones with a public and a private subnet in each', () => {
    expect(synthesized).toHaveResourceWithProperties(Vpc, { cidr_block: '10.0.0.0/16' });
    const subnets = Object.values(resources.aws_subnet ?? {});
    expect(subnets).toHaveLength(4);
    for (const az of props.availabilityZones) {
      expect(synthesized).toHaveResourceWithProperties(Subnet, {
        availability_zone: az,
        tags: expect.objectContaining({ 'kubernetes.io/role/elb': '1' }),
      });
      expect(synthesized).toHaveResourceWithProperties(Subnet, {
        availability_zone: az,
        tags: expect.objectContaining({ 'kubernetes.io/role/internal-elb': '1' }),
      });
    }
  });

  it('routes both private subnets through one NAT gateway in a public subnet', () => {
    expect(Object.keys(resources.aws_nat_gateway ?? {})).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(NatGateway, {
      subnet_id: expect.stringContaining('aws_subnet.network_public-eu-west-1a'),
    });
    expect(synthesized).toHaveResourceWithProperties(Route, {
      destination_cidr_block: '0.0.0.0/0',
      nat_gateway_id: expect.stringContaining('aws_nat_gateway'),
    });
    const privateAssociations = Object.values(resources.aws_route_table_association ?? {}).filter(
      (a) => String(a.route_table_id).includes('private-routes'),
    );
    expect(privateAssociations).toHaveLength(2);
  });

  it('launches nothing with a public IP by default and locks the default security group', () => {
    for (const subnet of Object.values(resources.aws_subnet ?? {})) {
      expect(subnet.map_public_ip_on_launch ?? false).toBe(false);
    }
    const locked = Object.values(resources.aws_default_security_group ?? {});
    expect(locked).toHaveLength(1);
    expect(locked[0]!.ingress).toBeUndefined();
  });

  it('refuses subnet lists that do not match the zones', () => {
    expect(() =>
      synthConstruct(
        (scope) => new Network(scope, 'bad', { ...props, privateSubnetCidrs: ['10.0.128.0/18'] }),
      ),
    ).toThrow(/per availability zone/);
  });
});
