import fs from 'node:fs';
import path from 'node:path';
import { prod, SERVICE_NAMES } from '../src/config';
import type { SynthesizedStack } from '../src/synthesized';
import { synthesizeApp } from './support/synth';

const { outdir, stacks } = synthesizeApp();
const stack = (name: string): SynthesizedStack => {
  const found = stacks.find((s) => s.name === name);
  if (!found) throw new Error(`no stack ${name}; have ${stacks.map((s) => s.name).join(', ')}`);
  return found;
};
type Outputs = Record<string, { value: unknown; sensitive?: boolean }>;
const outputsOf = (name: string) => (stack(name).json.output ?? {}) as Outputs;

describe('the synthesized app (offline, no cdktf-cli, no provider download)', () => {
  it('has one stack per concern and region, named <env>-<region>-<concern>', () => {
    const concerns = ['network', 'ecr', 'eks', 'database', 'iam'];
    expect(stacks.map((s) => s.name).sort()).toEqual(
      [
        'prod-global-state',
        'prod-global-iam',
        'prod-global-dns',
        ...['us-east-1', 'eu-west-1'].flatMap((r) => concerns.map((c) => `prod-${r}-${c}`)),
      ].sort(),
    );
  });

  it('gives every stack its own AWS provider in its region, pinned to provider 6.25.0', () => {
    for (const s of stacks) {
      const expectedRegion = s.name.includes('eu-west-1') ? 'eu-west-1' : 'us-east-1';
      expect({ stack: s.name, region: s.providerRegion }).toEqual({
        stack: s.name,
        region: expectedRegion,
      });
      const terraform = s.json.terraform as { required_providers: { aws: { version: string } } };
      expect(terraform.required_providers.aws.version).toBe('6.25.0');
    }
  });

  it('keeps state in the shared S3 bucket with DynamoDB locking, except the bootstrap stack', () => {
    for (const s of stacks) {
      const backend = (s.json.terraform as { backend: Record<string, Record<string, unknown>> })
        .backend;
      if (s.name === 'prod-global-state') {
        expect(Object.keys(backend)).toEqual(['local']);
        continue;
      }
      expect(backend.s3).toEqual({
        bucket: prod.state.bucket,
        key: `${s.name}/terraform.tfstate`,
        region: 'us-east-1',
        dynamodb_table: prod.state.lockTable,
      });
    }
  });

  it('passes values between stacks through remote state, in dependency order', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks['prod-eu-west-1-database']!.dependencies).toEqual(
      expect.arrayContaining([
        'prod-us-east-1-database',
        'prod-eu-west-1-network',
        'prod-eu-west-1-eks',
      ]),
    );
    expect(manifest.stacks['prod-global-iam']!.dependencies).toEqual(['prod-us-east-1-ecr']);
    const replica = Object.values(
      (
        stack('prod-eu-west-1-database').json.resource as Record<
          string,
          Record<string, Record<string, unknown>>
        >
      ).aws_db_instance!,
    )[0]!;
    expect(replica.replicate_source_db).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-prod-us-east-1-database\.outputs\./,
    );
  });

  it('outputs EKS endpoints and cluster names per region', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const outputs = outputsOf(`prod-${region}-eks`);
      expect(outputs.cluster_name?.value).toMatch(/^\$\{aws_eks_cluster\..+\.name\}$/);
      expect(outputs.cluster_endpoint?.value).toMatch(/^\$\{aws_eks_cluster\..+\.endpoint\}$/);
    }
  });

  it('outputs the database endpoint, its secret ARN and a connection string without password', () => {
    const outputs = outputsOf('prod-us-east-1-database');
    expect(outputs.db_endpoint?.value).toMatch(/\.endpoint\}$/);
    expect(outputs.db_master_secret_arn?.value).toMatch(/master_user_secret\[0\]\.secret_arn\}$/);
    const connection = String(outputs.db_connection_string?.value);
    expect(connection).toMatch(/^postgresql:\/\/crm_admin@\$\{.+\.endpoint\}\/crm_supply_db\?/);
    expect(connection).not.toMatch(/crm_admin:[^@]/);
  });

  it('outputs an ECR repository URL per service in each region', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const urls = outputsOf(`prod-${region}-ecr`).repository_urls?.value as Record<string, string>;
      expect(Object.keys(urls).sort()).toEqual([...SERVICE_NAMES].sort());
    }
    const repositories = Object.values(
      (
        stack('prod-us-east-1-ecr').json.resource as Record<
          string,
          Record<string, { name: string }>
        >
      ).aws_ecr_repository!,
    ).map((r) => r.name);
    expect(repositories.sort()).toEqual(SERVICE_NAMES.map((s) => `supplychain-crm/${s}`).sort());
  });

  it('gives IRSA roles, named as GitOps annotates them, to the six services that read secrets', () => {
    const roles = outputsOf('prod-eu-west-1-iam').service_role_arns?.value as Record<
      string,
      string
    >;
    expect(Object.keys(roles).sort()).toEqual([
      'analytics-service',
      'crm-analytics',
      'crm-api',
      'inventory-service',
      'logistics-service',
      'order-service',
    ]);
    const iam = stack('prod-eu-west-1-iam');
    const roleNames = iam.resources
      .filter((r) => r.type === 'aws_iam_role')
      .map((r) => r.config.name);
    expect(roleNames).toContain('supplychain-crm-eu-west-1-crm-api');
    const conditions = JSON.stringify(iam.json.data);
    expect(conditions).toContain('system:serviceaccount:crm-eu:crm-api');
    expect(conditions).toContain('system:serviceaccount:supply-eu:inventory-service');
    expect(conditions).not.toContain('crm-us');
  });

  it('gives cert-manager its DNS-01 role in each region, and outputs it for the annotation', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const iam = stack(`prod-${region}-iam`);
      expect(outputsOf(`prod-${region}-iam`).cert_manager_role_arn?.value).toMatch(
        /aws_iam_role\.cert-manager.*\.arn/,
      );
      expect(
        iam.resources.filter((r) => r.type === 'aws_iam_role').map((r) => r.config.name),
      ).toContain(`supplychain-crm-${region}-cert-manager`);
      expect(JSON.stringify(iam.json.data)).toContain(
        'system:serviceaccount:cert-manager:cert-manager',
      );
    }
  });

  it('lets only crm-api read the token signing key; database users read the RDS secret', () => {
    const documents = stack('prod-us-east-1-iam').dataSources.filter(
      (d) => d.type === 'aws_iam_policy_document' && d.name.includes('permissions'),
    );
    const readersOf = (pattern: RegExp) =>
      documents
        .filter((d) => JSON.stringify(d.config.statement).match(pattern))
        .map((d) => d.name.split('_permissions')[0])
        .sort();
    expect(readersOf(/userTokenSigningKey/)).toEqual(['crm-api']);
    expect(readersOf(/prod-us-east-1-database/)).toHaveLength(6);
  });

  it('limits Jenkins to pushing to the primary registry’s nine repositories', () => {
    const push = stack('prod-global-iam')
      .dataSources.filter((d) => d.type === 'aws_iam_policy_document')
      .flatMap((d) => d.config.statement as { sid: string; resources: string[] }[])
      .find((s) => s.sid === 'PushServiceImages')!;
    expect(push.resources).toHaveLength(9);
    for (const arn of push.resources) {
      expect(arn).toMatch(/cross-stack-reference-input-prod-us-east-1-ecr\..*aws_ecr_repository/);
    }
  });

  it('maps the portal role read-only into both clusters', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const eks = stack(`prod-${region}-eks`);
      const association = eks.resources.find((r) => r.type === 'aws_eks_access_policy_association');
      expect(association?.config).toMatchObject({
        policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        principal_arn: expect.stringContaining('prod-global-iam'),
      });
      const entry = eks.resources.find((r) => r.type === 'aws_eks_access_entry');
      expect(entry?.config.kubernetes_groups).toEqual(['supplychain-crm:portal']);
    }
  });

  it('pins cdktf and the prebuilt AWS provider exactly (both archived upstream)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies).toMatchObject({
      cdktf: '0.21.0',
      '@cdktf/provider-aws': '21.22.1',
      constructs: '10.4.2',
    });
  });
});
