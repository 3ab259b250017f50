import type { Construct } from 'constructs';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { FailoverDns, type FailoverEndpoint } from '../../src/constructs/failover-dns';
import { synthConstruct } from '../support/synth';

const endpoints: FailoverEndpoint[] = [
  {
    region: 'us-east-1',
    role: 'PRIMARY',
    regionalHost: 'us-east-1.shop.example.com',
    ingressHostname: 'a1.elb.us-east-1.amazonaws.com',
  },
  {
    region: 'eu-west-1',
    role: 'SECONDARY',
    regionalHost: 'eu-west-1.shop.example.com',
    ingressHostname: 'b2.elb.eu-west-1.amazonaws.com',
  },
];
const build = (eps: FailoverEndpoint[]) => (scope: Construct) =>
  new FailoverDns(scope, 'dns', {
    zoneName: 'example.com',
    host: 'shop.example.com',
    healthCheckPath: '/readyz',
    endpoints: eps,
  });

describe('FailoverDns', () => {
  const synthesized = synthConstruct(build(endpoints));

  it('looks the existing zone up instead of creating one', () => {
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsRoute53Zone, {
      name: 'example.com',
      private_zone: false,
    });
  });

  it('health-checks each region over HTTPS through its own name', () => {
    for (const e of endpoints) {
      expect(synthesized).toHaveResourceWithProperties(Route53HealthCheck, {
        type: 'HTTPS',
        fqdn: e.regionalHost,
        resource_path: '/readyz',
        enable_sni: true,
      });
      expect(synthesized).toHaveResourceWithProperties(Route53Record, {
        name: e.regionalHost,
        type: 'CNAME',
        records: [e.ingressHostname],
      });
    }
  });

  it('answers the public host with the primary while healthy, else the secondary', () => {
    for (const e of endpoints) {
      expect(synthesized).toHaveResourceWithProperties(Route53Record, {
        name: 'shop.example.com',
        failover_routing_policy: { type: e.role },
        health_check_id: expect.stringContaining('aws_route53_health_check.dns_' + e.region),
        records: [e.regionalHost],
        set_identifier: expect.stringContaining(e.region),
      });
    }
  });

  it('refuses two primaries', () => {
    expect(() =>
      synthConstruct(build([endpoints[0]!, { ...endpoints[1]!, role: 'PRIMARY' }])),
    ).toThrow(/exactly one PRIMARY/);
  });
});
