import { Construct } from 'constructs';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument } from './policy-document';
import { serviceAccountTrust } from './service-identity';

export interface DnsChallengeIdentityProps {
  readonly roleName: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHost: string;
  /** The existing public zone the certificate's names live in (looked up, not created). */
  readonly zoneName: string;
  /** Where cert-manager runs: its chart's defaults. */
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

/**
 * IRSA for cert-manager's DNS-01 solver (the `letsencrypt-route53` ClusterIssuer the GitOps
 * Ingress names): it may write only TXT records, only in this zone, and read the status of its
 * own changes. The policy is the one cert-manager documents for Route 53, narrowed from every
 * zone to ours.
 */
export class DnsChallengeIdentity extends Construct {
  readonly role: IamRole;
  readonly serviceAccountSubject: string;

  constructor(scope: Construct, id: string, props: DnsChallengeIdentityProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'cert-manager';
    this.serviceAccountSubject = `system:serviceaccount:${namespace}:${props.serviceAccount ?? 'cert-manager'}`;
    const zone = new DataAwsRoute53Zone(this, 'zone', { name: props.zoneName, privateZone: false });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `IRSA role of cert-manager (${namespace}): DNS-01 challenges in ${props.zoneName}`,
      assumeRolePolicy: serviceAccountTrust(this, 'trust', {
        oidcProviderArn: props.oidcProviderArn,
        oidcIssuerHost: props.oidcIssuerHost,
        subject: this.serviceAccountSubject,
      }).json,
    });
    new IamRolePolicy(this, 'permissions', {
      name: 'answer-dns-challenges',
      role: this.role.id,
      policy: policyDocument(this, 'permissions-document', [
        {
          sid: 'WriteChallengeRecords',
          actions: ['route53:ChangeResourceRecordSets'],
          resources: [zone.arn],
          conditions: [
            {
              test: 'ForAllValues:StringEquals',
              variable: 'route53:ChangeResourceRecordSetsRecordTypes',
              values: ['TXT'],
            },
          ],
        },
        {
          sid: 'ReadZoneRecords',
          actions: ['route53:ListResourceRecordSets'],
          resources: [zone.arn],
        },
        {
          sid: 'ReadChangeStatus',
          actions: ['route53:GetChange'],
          resources: ['arn:aws:route53:::change/*'],
        },
        // Finding the zone by name: AWS gives this action no resource to scope to.
        { sid: 'FindZone', actions: ['route53:ListHostedZonesByName'], resources: ['*'] },
      ]).json,
    });
  }
}
