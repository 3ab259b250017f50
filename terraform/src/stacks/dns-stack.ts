import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { type EnvironmentConfig, regionalHost, regionsOf } from '../config';
import { FailoverDns } from '../constructs/failover-dns';
import { AwsStack } from './aws-stack';

/**
 * `<env>-global-dns`: failover records for the public host. The ingress load balancers are
 * created by ingress-nginx inside the clusters, not by Terraform, so their DNS names come
 * in as variables, which is also why this stack is applied last.
 */
export class DnsStack extends AwsStack {
  readonly dns: FailoverDns;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, { config, region: config.primary.name, label: 'global', concern: 'dns' });
    this.dns = new FailoverDns(this, 'failover', {
      zoneName: config.dns.zoneName,
      host: config.dns.host,
      healthCheckPath: config.dns.healthCheckPath,
      endpoints: regionsOf(config).map((region) => {
        const variable = new TerraformVariable(
          this,
          `ingress_hostname_${region.name.replace(/-/g, '_')}`,
          {
            type: 'string',
            description: `DNS name of the ingress-nginx load balancer in ${region.name} (kubectl -n ingress-nginx get svc ingress-nginx-controller)`,
          },
        );
        return {
          region: region.name,
          role: region.role === 'primary' ? 'PRIMARY' : 'SECONDARY',
          regionalHost: regionalHost(config, region.name),
          ingressHostname: variable.stringValue,
        };
      }),
    });
    new TerraformOutput(this, 'url', { value: `https://${config.dns.host}` });
  }
}
