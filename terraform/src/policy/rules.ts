import fs from 'node:fs';
import path from 'node:path';
import { referencedBlock, type SynthesizedBlock, type SynthesizedStack } from '../synthesized';

/**
 * Policy checks over synthesized stacks (plain Terraform JSON), i.e. over exactly what
 * `terraform plan` would read. Each returns human-readable violations; none means pass.
 */

export const REQUIRED_TAGS = ['project', 'environment', 'region', 'owner'] as const;

type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const firstOf = (v: unknown): Json => (asArray(v)[0] ?? {}) as Json;
const at = (b: SynthesizedBlock) => `${b.stack}: ${b.type}.${b.name}`;

const providerLib = path.join(
  path.dirname(require.resolve('@cdktf/provider-aws/package.json')),
  'lib',
);
const taggableCache = new Map<string, boolean>();

/**
 * Whether a resource type accepts `tags`, read from the provider bindings' config interface
 * (the generated `index.d.ts`), so the tag rule covers every taggable type without a list
 * to keep up to date. Throws for a type the bindings do not know.
 */
export function isTaggable(resourceType: string): boolean {
  const cached = taggableCache.get(resourceType);
  if (cached !== undefined) return cached;
  const file = path.join(
    providerLib,
    resourceType.replace(/^aws_/, '').replace(/_/g, '-'),
    'index.d.ts',
  );
  if (!fs.existsSync(file)) throw new Error(`no provider bindings for ${resourceType} (${file})`);
  const source = fs.readFileSync(file, 'utf8');
  const config =
    /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(
      source,
    );
  if (!config) throw new Error(`no config interface in ${file}`);
  const taggable = /\n\s+readonly tags\?:/.test(config[1]!);
  taggableCache.set(resourceType, taggable);
  return taggable;
}

/** The `<region>` part of `<env>-<region>-<concern>`. */
export const regionLabelOf = (stackName: string): string => {
  const match = /^[a-z0-9]+-(global|[a-z]{2}-[a-z]+-\d)-[a-z0-9-]+$/.exec(stackName);
  if (!match) throw new Error(`stack name ${stackName} is not <env>-<region>-<concern>`);
  return match[1]!;
};

/**
 * Every taggable resource ends up with the required tags: the provider's default_tags
 * merged with its own `tags` (what AWS receives), and `region` matching the stack name.
 * Launch templates must also tag what they launch (default tags do not reach those).
 */
export function untaggedResources(stack: SynthesizedStack): string[] {
  const violations: string[] = [];
  const region = regionLabelOf(stack.name);
  const check = (where: string, tags: Record<string, unknown>) => {
    for (const key of REQUIRED_TAGS) {
      const value = tags[key];
      if (typeof value !== 'string' || value === '') violations.push(`${where}: no ${key} tag`);
    }
    if (tags.region !== undefined && tags.region !== region) {
      violations.push(`${where}: region tag ${String(tags.region)} in a ${region} stack`);
    }
  };
  for (const resource of stack.resources) {
    if (!isTaggable(resource.type)) continue;
    check(at(resource), { ...stack.defaultTags, ...((resource.config.tags as Json) ?? {}) });
    if (resource.type === 'aws_launch_template') {
      const specs = asArray(resource.config.tag_specifications) as Json[];
      for (const launched of ['instance', 'volume']) {
        const spec = specs.find((s) => s.resource_type === launched);
        check(`${at(resource)} (launched ${launched})`, (spec?.tags as Json) ?? {});
      }
    }
  }
  return violations;
}

const referencesBlock = (stack: SynthesizedStack, value: unknown, target: SynthesizedBlock) =>
  referencedBlock(stack, value) === target;

/** Every bucket has default encryption and a public access block with all four switches on. */
export function unsafeBuckets(stack: SynthesizedStack): string[] {
  const violations: string[] = [];
  for (const bucket of stack.resources.filter((r) => r.type === 'aws_s3_bucket')) {
    const related = (type: string) =>
      stack.resources.filter(
        (r) => r.type === type && referencesBlock(stack, r.config.bucket, bucket),
      );
    const encryption = related('aws_s3_bucket_server_side_encryption_configuration');
    const algorithms = encryption.flatMap((e) =>
      asArray(e.config.rule).map(
        (rule) => firstOf((rule as Json).apply_server_side_encryption_by_default).sse_algorithm,
      ),
    );
    if (!algorithms.some((a) => a === 'aws:kms' || a === 'aws:kms:dsse' || a === 'AES256')) {
      violations.push(`${at(bucket)}: no default encryption`);
    }
    const block = related('aws_s3_bucket_public_access_block')[0];
    const switches = [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ];
    const off = block ? switches.filter((s) => block.config[s] !== true) : switches;
    if (off.length > 0)
      violations.push(`${at(bucket)}: public access not blocked (${off.join(', ')})`);
    if (typeof bucket.config.acl === 'string' && bucket.config.acl.startsWith('public')) {
      violations.push(`${at(bucket)}: public ACL ${bucket.config.acl}`);
    }
  }
  return violations;
}

/** Every RDS instance is encrypted, private, protected, and holds no password in config. */
export function unsafeDatabases(stack: SynthesizedStack): string[] {
  const violations: string[] = [];
  for (const db of stack.resources.filter((r) => r.type === 'aws_db_instance')) {
    const c = db.config;
    if (c.storage_encrypted !== true) violations.push(`${at(db)}: storage not encrypted`);
    if (c.publicly_accessible !== false) violations.push(`${at(db)}: publicly accessible`);
    if (c.deletion_protection !== true) violations.push(`${at(db)}: no deletion protection`);
    if (c.password !== undefined || c.password_wo !== undefined) {
      violations.push(`${at(db)}: password in configuration (and state)`);
    }
    const isReplica = c.replicate_source_db !== undefined;
    if (!isReplica && c.manage_master_user_password !== true) {
      violations.push(`${at(db)}: master password not managed by Secrets Manager`);
    }
    if (
      !isReplica &&
      !(typeof c.backup_retention_period === 'number' && c.backup_retention_period > 0)
    ) {
      violations.push(`${at(db)}: backups off`);
    }
  }
  return violations;
}

/** Every ECR repository scans on push, has immutable tags and an image-expiring lifecycle rule. */
export function unsafeRepositories(stack: SynthesizedStack): string[] {
  const violations: string[] = [];
  for (const repo of stack.resources.filter((r) => r.type === 'aws_ecr_repository')) {
    if (firstOf(repo.config.image_scanning_configuration).scan_on_push !== true) {
      violations.push(`${at(repo)}: no scan on push`);
    }
    if (repo.config.image_tag_mutability !== 'IMMUTABLE') {
      violations.push(`${at(repo)}: mutable tags`);
    }
    const policies = stack.resources.filter(
      (r) =>
        r.type === 'aws_ecr_lifecycle_policy' && referencesBlock(stack, r.config.repository, repo),
    );
    const rules = policies.flatMap(
      (p) =>
        (JSON.parse(String(p.config.policy)) as { rules?: { action?: { type?: string } }[] })
          .rules ?? [],
    );
    if (!rules.some((r) => r.action?.type === 'expire')) {
      violations.push(`${at(repo)}: no lifecycle rule expiring images`);
    }
  }
  return violations;
}

interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
}

const ADMIN_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];
/** Attributes that carry an IAM policy document, by resource type (others: `policy`). */
const POLICY_ATTRIBUTES = ['policy', 'assume_role_policy'];
const NOT_IAM_POLICIES = new Set(['aws_ecr_lifecycle_policy']);

function statementsOfDocument(doc: SynthesizedBlock): Statement[] {
  return (asArray(doc.config.statement) as Json[]).map((s) => ({
    effect: (s.effect as string | undefined) ?? 'Allow',
    actions: asArray(s.actions) as string[],
    notActions: asArray(s.not_actions) as string[],
    resources: asArray(s.resources) as string[],
  }));
}

function statementsOfJson(text: string): Statement[] {
  const parsed = JSON.parse(text) as { Statement?: unknown };
  return (asArray(parsed.Statement) as Json[]).map((s) => ({
    effect: String(s.Effect ?? 'Allow'),
    actions: asArray(s.Action) as string[],
    notActions: asArray(s.NotAction) as string[],
    resources: asArray(s.Resource) as string[],
  }));
}

/**
 * No Allow statement grants `*` actions on `*` resources (nor NotAction, which allows
 * everything else), no admin managed policy is attached, and every policy is in a form this
 * check can read: an aws_iam_policy_document data source or literal JSON.
 */
export function overbroadIamStatements(stack: SynthesizedStack): string[] {
  const violations: string[] = [];
  const inspect = (where: string, statements: Statement[]) => {
    for (const s of statements.filter((st) => st.effect === 'Allow')) {
      const anyAction = s.actions.some((a) => a === '*' || a === '*:*');
      if (anyAction && s.resources.includes('*')) violations.push(`${where}: allows * on *`);
      if (s.notActions.length > 0) violations.push(`${where}: Allow with NotAction`);
    }
  };
  const documents = stack.dataSources.filter((d) => d.type === 'aws_iam_policy_document');
  for (const doc of documents) inspect(at(doc), statementsOfDocument(doc));

  for (const resource of stack.resources) {
    if (NOT_IAM_POLICIES.has(resource.type)) continue;
    for (const attribute of POLICY_ATTRIBUTES) {
      const value = resource.config[attribute];
      if (value === undefined) continue;
      const text = String(value);
      const reference = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(text);
      if (reference) {
        if (!documents.some((d) => d.name === reference[1])) {
          violations.push(`${at(resource)}.${attribute}: unknown policy document`);
        }
        continue;
      }
      try {
        inspect(`${at(resource)}.${attribute}`, statementsOfJson(text));
      } catch {
        violations.push(`${at(resource)}.${attribute}: policy the check cannot read`);
      }
    }
    if (resource.type === 'aws_iam_role_policy_attachment') {
      const arn = String(resource.config.policy_arn);
      if (ADMIN_POLICIES.some((name) => arn.endsWith(`:policy/${name}`))) {
        violations.push(`${at(resource)}: attaches ${arn}`);
      }
    }
  }
  return violations;
}

/** Resource type → count, the "shape" two regions must share. */
export const shapeOf = (stack: SynthesizedStack): Record<string, number> =>
  stack.resources.reduce<Record<string, number>>((shape, r) => {
    shape[r.type] = (shape[r.type] ?? 0) + 1;
    return shape;
  }, {});
