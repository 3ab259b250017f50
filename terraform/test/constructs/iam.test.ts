import type { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { DnsChallengeIdentity } from '../../src/constructs/dns-challenge-identity';
import { ECR_PUSH_ACTIONS, JenkinsPushRole } from '../../src/constructs/jenkins-push-role';
import { PortalViewerRole } from '../../src/constructs/portal-viewer-role';
import {
  ApplicationSecrets,
  SECRET_READ_ACTIONS,
  ServiceIdentity,
} from '../../src/constructs/service-identity';
import { overbroadIamStatements } from '../../src/policy/rules';
import { parsedConstruct, synthConstruct } from '../support/synth';

type Statement = { sid: string; actions: string[]; resources?: string[]; [k: string]: unknown };
const statementsIn = (synthesized: string): Statement[] =>
  Object.values(
    (
      JSON.parse(synthesized) as {
        data: { aws_iam_policy_document: Record<string, { statement: Statement[] }> };
      }
    ).data.aws_iam_policy_document,
  ).flatMap((d) => d.statement);

const repositoryArns = [
  'arn:aws:ecr:us-east-1:123456789012:repository/supplychain-crm/crm-api',
  'arn:aws:ecr:us-east-1:123456789012:repository/supplychain-crm/crm-ui',
];

describe('JenkinsPushRole', () => {
  const build = (scope: Construct) =>
    new JenkinsPushRole(scope, 'jenkins', { roleName: 'jenkins', repositoryArns });
  const synthesized = synthConstruct(build);
  const statements = statementsIn(synthesized);

  it('can push to the given repositories and to nothing else', () => {
    const push = statements.find((s) => s.sid === 'PushServiceImages')!;
    expect(push.actions).toEqual([...ECR_PUSH_ACTIONS]);
    expect(push.resources).toEqual(repositoryArns);
    const permissions = statements.filter((s) => !String(s.actions).startsWith('sts:'));
    const wildcardResources = permissions.filter((s) => s.resources?.includes('*'));
    // The registry login is the one action AWS gives no resource for.
    expect(wildcardResources.map((s) => s.actions)).toEqual([['ecr:GetAuthorizationToken']]);
    expect(permissions.flatMap((s) => s.actions).every((a) => a.startsWith('ecr:'))).toBe(true);
    expect(permissions.flatMap((s) => s.actions)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/Delete|Put.*Policy|SetRepositoryPolicy|\*/)]),
    );
    expect(overbroadIamStatements(parsedConstruct(build))).toEqual([]);
  });

  it('is assumed by the Jenkins EC2 instance through an instance profile', () => {
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }],
        }),
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(IamInstanceProfile, { name: 'jenkins' });
  });
});

describe('PortalViewerRole', () => {
  const clusterArns = [
    'arn:aws:eks:us-east-1:123456789012:cluster/a',
    'arn:aws:eks:eu-west-1:123456789012:cluster/b',
  ];
  const build = (scope: Construct) =>
    new PortalViewerRole(scope, 'portal', {
      roleName: 'portal',
      trustedPrincipalArns: ['arn:aws:iam::123456789012:root'],
      clusterArns,
    });

  it('may only describe the two clusters in IAM', () => {
    const statements = statementsIn(synthConstruct(build)).filter(
      (s) => s.sid !== 'PortalBackendAssumesRole',
    );
    expect(statements).toEqual([
      expect.objectContaining({ actions: ['eks:DescribeCluster'], resources: clusterArns }),
    ]);
    expect(overbroadIamStatements(parsedConstruct(build))).toEqual([]);
  });
});

describe('ServiceIdentity', () => {
  const dbSecret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1';
  const build = (readableSecretArns: string[]) => (scope: Construct) =>
    new ServiceIdentity(scope, 'crm-api', {
      serviceName: 'crm-api',
      roleName: 'supplychain-crm-us-east-1-crm-api',
      namespace: 'crm-us',
      oidcProviderArn:
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X',
      oidcIssuerHost: 'oidc.eks.us-east-1.amazonaws.com/id/X',
      readableSecretArns,
    });

  it('is assumable only by the service account of that service in its namespace', () => {
    const trust = statementsIn(synthConstruct(build([dbSecret]))).find(
      (s) => s.sid === 'ServiceAccountAssumesRole',
    );
    expect(trust).toMatchObject({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [
        { type: 'Federated', identifiers: [expect.stringContaining(':oidc-provider/')] },
      ],
      condition: [
        {
          test: 'StringEquals',
          variable: 'oidc.eks.us-east-1.amazonaws.com/id/X:sub',
          values: ['system:serviceaccount:crm-us:crm-api'],
        },
        {
          test: 'StringEquals',
          variable: 'oidc.eks.us-east-1.amazonaws.com/id/X:aud',
          values: ['sts.amazonaws.com'],
        },
      ],
    });
  });

  it('may read exactly the secrets it is given, and nothing else', () => {
    const signingKey = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt';
    const permissions = statementsIn(synthConstruct(build([dbSecret, signingKey]))).filter(
      (s) => s.sid !== 'ServiceAccountAssumesRole',
    );
    expect(permissions).toEqual([
      expect.objectContaining({
        sid: 'ReadSecrets',
        actions: [...SECRET_READ_ACTIONS],
        resources: [dbSecret, signingKey],
      }),
    ]);
    expect(overbroadIamStatements(parsedConstruct(build([dbSecret])))).toEqual([]);
  });

  it('is not created for a service that reads no secret', () => {
    expect(() => synthConstruct(build([]))).toThrow(/needs no IRSA role/);
  });
});

describe('ApplicationSecrets', () => {
  it('creates the named secrets empty, so no value reaches the state', () => {
    const synthesized = synthConstruct(
      (scope) =>
        new ApplicationSecrets(scope, 'secrets', {
          names: { serviceAuth: 'supplychain-crm/service-auth-secret' },
        }),
    );
    expect(synthesized).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'supplychain-crm/service-auth-secret',
    });
    expect(synthesized).not.toHaveResource(SecretsmanagerSecretVersion);
  });
});

describe('DnsChallengeIdentity (cert-manager)', () => {
  const build = (scope: Construct) =>
    new DnsChallengeIdentity(scope, 'cert-manager', {
      roleName: 'supplychain-crm-us-east-1-cert-manager',
      oidcProviderArn:
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X',
      oidcIssuerHost: 'oidc.eks.us-east-1.amazonaws.com/id/X',
      zoneName: 'globalretail.com',
    });
  const synthesized = synthConstruct(build);
  const statements = statementsIn(synthesized);

  it("is assumable only by cert-manager's service account", () => {
    expect(statements.find((s) => s.sid === 'ServiceAccountAssumesRole')).toMatchObject({
      condition: [
        expect.objectContaining({ values: ['system:serviceaccount:cert-manager:cert-manager'] }),
        expect.objectContaining({ values: ['sts.amazonaws.com'] }),
      ],
    });
  });

  it('may write only TXT records, only in the looked-up zone', () => {
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsRoute53Zone, {
      name: 'globalretail.com',
      private_zone: false,
    });
    const write = statements.find((s) => s.sid === 'WriteChallengeRecords')!;
    expect(write.actions).toEqual(['route53:ChangeResourceRecordSets']);
    expect(write.resources).toEqual([expect.stringMatching(/data\.aws_route53_zone\..*\.arn/)]);
    expect(write.condition).toEqual([
      {
        test: 'ForAllValues:StringEquals',
        variable: 'route53:ChangeResourceRecordSetsRecordTypes',
        values: ['TXT'],
      },
    ]);
    const permissions = statements.filter((s) => s.sid !== 'ServiceAccountAssumesRole');
    expect(permissions.flatMap((s) => s.actions).every((a) => a.startsWith('route53:'))).toBe(true);
    // Finding the zone by name is the one action AWS gives no resource for.
    expect(permissions.filter((s) => s.resources?.includes('*')).map((s) => s.actions)).toEqual([
      ['route53:ListHostedZonesByName'],
    ]);
    expect(overbroadIamStatements(parsedConstruct(build))).toEqual([]);
  });
});
