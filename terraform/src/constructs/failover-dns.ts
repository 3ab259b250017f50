import { Construct } from 'constructs';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

export interface FailoverEndpoint {
  readonly region: string;
  readonly role: 'PRIMARY' | 'SECONDARY';
  /** A name only this region answers, e.g. `us-east-1.supplychain-crm.globalretail.com`. */
  readonly regionalHost: string;
  /** The DNS name of the region's ingress load balancer (created by ingress-nginx). */
  readonly ingressHostname: string;
}

export interface FailoverDnsProps {
  /** The existing public zone (the company's domain); looked up, never created here. */
  readonly zoneName: string;
  readonly host: string;
  readonly healthCheckPath: string;
  readonly endpoints: readonly FailoverEndpoint[];
  readonly ttlSeconds?: number;
}

/**
 * Route 53 failover for the public host: each region gets its own name and an HTTPS health
 * check of the gateway's readiness through that name (so TLS and the ingress host rule are
 * exercised as clients see them); the public host answers with the primary while it is
 * healthy, else with the secondary.
 */
export class FailoverDns extends Construct {
  readonly healthChecks: Route53HealthCheck[];
  readonly records: Route53Record[];

  constructor(scope: Construct, id: string, props: FailoverDnsProps) {
    super(scope, id);
    const roles = props.endpoints.map((e) => e.role).sort();
    if (roles.join() !== 'PRIMARY,SECONDARY') {
      throw new Error('failover needs exactly one PRIMARY and one SECONDARY endpoint');
    }
    const ttl = props.ttlSeconds ?? 60;
    const zone = new DataAwsRoute53Zone(this, 'zone', {
      name: props.zoneName,
      privateZone: false,
    });
    this.healthChecks = [];
    this.records = [];
    for (const endpoint of props.endpoints) {
      this.records.push(
        new Route53Record(this, `${endpoint.region}-regional`, {
          zoneId: zone.zoneId,
          name: endpoint.regionalHost,
          type: 'CNAME',
          ttl,
          records: [endpoint.ingressHostname],
        }),
      );
      const healthCheck = new Route53HealthCheck(this, `${endpoint.region}-health`, {
        type: 'HTTPS',
        fqdn: endpoint.regionalHost,
        port: 443,
        resourcePath: props.healthCheckPath,
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
        tags: { Name: `${endpoint.regionalHost}${props.healthCheckPath}` },
      });
      this.healthChecks.push(healthCheck);
      this.records.push(
        new Route53Record(this, `${endpoint.region}-failover`, {
          zoneId: zone.zoneId,
          name: props.host,
          type: 'CNAME',
          ttl,
          setIdentifier: `${endpoint.region}-${endpoint.role.toLowerCase()}`,
          failoverRoutingPolicy: { type: endpoint.role },
          healthCheckId: healthCheck.id,
          records: [endpoint.regionalHost],
        }),
      );
    }
  }
}
