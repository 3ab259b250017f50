import { referencedBlock, type SynthesizedBlock, type SynthesizedStack } from '../synthesized';
import { HOURS_PER_MONTH, type PriceBook, type RegionalPrices } from './unit-prices';

/** Where a billable thing sits: `region` is the stack's label (a region or `global`). */
interface Origin {
  readonly region: string;
  readonly providerRegion: string;
  readonly stack: string;
  readonly resource: string;
}

/** What the synthesized resources will be billed for, before any price is applied. */
export type Billable = Origin &
  (
    | { readonly kind: 'eks-control-plane'; readonly extendedSupport: boolean }
    | {
        readonly kind: 'ec2-nodes';
        readonly instanceType: string;
        readonly count: number;
        readonly volumeGiB: number;
        readonly spot: boolean;
      }
    | { readonly kind: 'nat-gateway' }
    | { readonly kind: 'public-ipv4'; readonly count: number }
    | {
        readonly kind: 'rds-instance';
        readonly instanceClass: string;
        readonly storageGiB: number;
        readonly multiAz: boolean;
        readonly managedSecret: boolean;
        readonly crossRegionReplica: boolean;
      }
    | { readonly kind: 'kms-key' }
    | { readonly kind: 'secret' }
    | { readonly kind: 'log-group'; readonly retentionDays: number }
    | { readonly kind: 'ecr-repository'; readonly imagesKept: number }
    | { readonly kind: 'ecr-replication' }
    | { readonly kind: 's3-bucket' }
    | { readonly kind: 'health-check'; readonly optionalFeatures: number }
  );

/**
 * Resource types that cost nothing by themselves (or only cents of requests), or whose cost
 * is counted on another resource. Anything neither here nor priced stops the estimate, so
 * a new, billable resource type cannot slip through unpriced.
 */
export const FREE_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_vpc: 'free',
  aws_subnet: 'free',
  aws_internet_gateway: 'free (data transfer out is usage)',
  aws_route_table: 'free',
  aws_route: 'free',
  aws_route_table_association: 'free',
  aws_default_security_group: 'free',
  aws_security_group: 'free',
  aws_vpc_security_group_ingress_rule: 'free',
  aws_iam_role: 'free',
  aws_iam_role_policy: 'free',
  aws_iam_role_policy_attachment: 'free',
  aws_iam_instance_profile: 'free',
  aws_iam_openid_connect_provider: 'free',
  aws_eks_access_entry: 'free',
  aws_eks_access_policy_association: 'free',
  aws_launch_template: 'free (its volume is priced with the node group)',
  aws_kms_alias: 'free',
  aws_ecr_lifecycle_policy: 'free',
  aws_db_subnet_group: 'free',
  aws_s3_bucket_versioning: 'free (old versions are storage, counted with the bucket)',
  aws_s3_bucket_server_side_encryption_configuration: 'free (bucket key keeps KMS calls low)',
  aws_s3_bucket_public_access_block: 'free',
  aws_s3_bucket_ownership_controls: 'free',
  aws_s3_bucket_policy: 'free',
  aws_s3_bucket_lifecycle_configuration: 'free (transitions: cents)',
  aws_s3_bucket_logging: 'free (log objects are storage in the logs bucket)',
  aws_dynamodb_table: 'on-demand lock requests: cents',
  aws_route53_record: 'queries: cents (the hosted zone already exists)',
};

export interface UsageDescription {
  readonly billables: readonly Billable[];
  /** Resource types with neither a price nor an entry in FREE_RESOURCE_TYPES. */
  readonly unpriced: readonly string[];
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const first = (v: unknown): Record<string, unknown> =>
  Array.isArray(v) ? ((v[0] as Record<string, unknown>) ?? {}) : ((v ?? {}) as never);

/** EKS managed node groups default to 20 GiB when no launch template sets a volume. */
const DEFAULT_NODE_VOLUME_GIB = 20;

function nodeVolumeGiB(stack: SynthesizedStack, nodeGroup: SynthesizedBlock): number {
  const template = referencedBlock(stack, first(nodeGroup.config.launch_template).id);
  if (!template) return num(nodeGroup.config.disk_size, DEFAULT_NODE_VOLUME_GIB);
  const ebs = first(first(template.config.block_device_mappings).ebs);
  return num(ebs.volume_size, DEFAULT_NODE_VOLUME_GIB);
}

function imagesKept(stack: SynthesizedStack, repository: SynthesizedBlock): number {
  const policy = stack.resources.find(
    (r) =>
      r.type === 'aws_ecr_lifecycle_policy' &&
      referencedBlock(stack, r.config.repository) === repository,
  );
  if (!policy) return Number.POSITIVE_INFINITY;
  const rules = (JSON.parse(str(policy.config.policy, '{}')) as { rules?: unknown[] }).rules ?? [];
  const counts = rules
    .map((r) => (r as { selection?: { countType?: string; countNumber?: number } }).selection)
    .filter((s) => s?.countType === 'imageCountMoreThan')
    .map((s) => s!.countNumber!);
  return counts.length > 0 ? Math.max(...counts) : Number.POSITIVE_INFINITY;
}

/** Turns synthesized stacks into what AWS will bill, without prices. */
export function describeUsage(stacks: readonly SynthesizedStack[]): UsageDescription {
  const billables: Billable[] = [];
  const unpriced = new Set<string>();
  for (const stack of stacks) {
    const region = stack.defaultTags.region ?? stack.providerRegion;
    for (const block of stack.resources) {
      const origin: Origin = {
        region,
        providerRegion: stack.providerRegion,
        stack: stack.name,
        resource: `${block.type}.${block.name}`,
      };
      const c = block.config;
      switch (block.type) {
        case 'aws_eks_cluster':
          billables.push({
            ...origin,
            kind: 'eks-control-plane',
            extendedSupport: str(first(c.upgrade_policy).support_type, 'EXTENDED') !== 'STANDARD',
          });
          break;
        case 'aws_eks_node_group': {
          const types = (c.instance_types as string[] | undefined) ?? ['t3.medium'];
          billables.push({
            ...origin,
            kind: 'ec2-nodes',
            instanceType: types[0]!,
            count: num(first(c.scaling_config).desired_size, 0),
            volumeGiB: nodeVolumeGiB(stack, block),
            spot: c.capacity_type === 'SPOT',
          });
          break;
        }
        case 'aws_nat_gateway':
          billables.push({ ...origin, kind: 'nat-gateway' });
          break;
        case 'aws_eip':
          billables.push({ ...origin, kind: 'public-ipv4', count: 1 });
          break;
        case 'aws_db_instance':
          billables.push({
            ...origin,
            kind: 'rds-instance',
            instanceClass: str(c.instance_class),
            storageGiB: num(c.allocated_storage, 20),
            multiAz: c.multi_az === true,
            managedSecret: c.manage_master_user_password === true,
            crossRegionReplica: str(c.replicate_source_db) !== '',
          });
          break;
        case 'aws_kms_key':
          billables.push({ ...origin, kind: 'kms-key' });
          break;
        case 'aws_secretsmanager_secret':
          billables.push({ ...origin, kind: 'secret' });
          break;
        case 'aws_cloudwatch_log_group':
          billables.push({
            ...origin,
            kind: 'log-group',
            retentionDays: num(c.retention_in_days, 3650),
          });
          break;
        case 'aws_ecr_repository':
          billables.push({
            ...origin,
            kind: 'ecr-repository',
            imagesKept: imagesKept(stack, block),
          });
          break;
        case 'aws_ecr_replication_configuration':
          billables.push({ ...origin, kind: 'ecr-replication' });
          break;
        case 'aws_s3_bucket':
          billables.push({ ...origin, kind: 's3-bucket' });
          break;
        case 'aws_route53_health_check':
          billables.push({
            ...origin,
            kind: 'health-check',
            optionalFeatures:
              (String(c.type).startsWith('HTTPS') ? 1 : 0) +
              (c.measure_latency === true ? 1 : 0) +
              (num(c.request_interval, 30) === 10 ? 1 : 0) +
              (String(c.type).endsWith('STR_MATCH') ? 1 : 0),
          });
          break;
        default:
          if (!(block.type in FREE_RESOURCE_TYPES)) unpriced.add(block.type);
      }
    }
  }
  return { billables, unpriced: [...unpriced].sort() };
}

export interface CostLine {
  readonly region: string;
  readonly stack: string;
  readonly resource: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly byRegion: Readonly<Record<string, number>>;
  readonly totalUsd: number;
}

/** Cents, the precision every line and sum is kept at (so totals add up as printed). */
export const roundUsd = (usd: number): number => Math.round(usd * 100) / 100;

function pricesFor(book: PriceBook, region: string): RegionalPrices {
  const prices = book.regions[region];
  if (!prices) throw new Error(`no unit prices for region ${region} in the price book`);
  return prices;
}

function price(cost: Omit<CostLine, 'monthlyUsd'>): CostLine {
  return { ...cost, monthlyUsd: roundUsd(cost.quantity * cost.unitPriceUsd) };
}

function instancePrice(table: Readonly<Record<string, number>>, type: string, region: string) {
  const hourly = table[type];
  if (hourly === undefined) throw new Error(`no price for ${type} in ${region}`);
  return hourly;
}

function linesFor(b: Billable, book: PriceBook): CostLine[] {
  const p = pricesFor(book, b.providerRegion);
  const u = book.usage;
  const at = { region: b.region, stack: b.stack, resource: b.resource };
  const hours = HOURS_PER_MONTH;
  switch (b.kind) {
    case 'eks-control-plane':
      return [
        price({
          ...at,
          item: `EKS control plane (${b.extendedSupport ? 'extended' : 'standard'} support)`,
          quantity: hours,
          unit: 'h',
          unitPriceUsd: b.extendedSupport ? p.eksExtendedSupportClusterHour : p.eksClusterHour,
        }),
      ];
    case 'ec2-nodes': {
      const onDemand = instancePrice(p.ec2InstanceHour, b.instanceType, b.providerRegion);
      return [
        price({
          ...at,
          item: `${b.count} × ${b.instanceType} nodes${b.spot ? ' (spot)' : ''}`,
          quantity: b.count * hours,
          unit: 'h',
          unitPriceUsd: b.spot ? onDemand * u.spotPriceFactor : onDemand,
        }),
        price({
          ...at,
          item: `node volumes gp3 (${b.count} × ${b.volumeGiB} GiB)`,
          quantity: b.count * b.volumeGiB,
          unit: 'GB-mo',
          unitPriceUsd: p.ebsGp3GbMonth,
        }),
      ];
    }
    case 'nat-gateway':
      return [
        price({
          ...at,
          item: 'NAT gateway',
          quantity: hours,
          unit: 'h',
          unitPriceUsd: p.natGatewayHour,
        }),
        price({
          ...at,
          item: 'NAT data processed (assumed)',
          quantity: u.natProcessedGbPerMonth,
          unit: 'GB',
          unitPriceUsd: p.natGatewayDataGb,
        }),
      ];
    case 'public-ipv4':
      return [
        price({
          ...at,
          item: `public IPv4 address${b.count > 1 ? `es (${b.count})` : ''}`,
          quantity: b.count * hours,
          unit: 'h',
          unitPriceUsd: p.publicIpv4Hour,
        }),
      ];
    case 'rds-instance': {
      const copies = b.multiAz ? 2 : 1;
      const lines = [
        price({
          ...at,
          item: `RDS PostgreSQL ${b.instanceClass}${b.multiAz ? ' multi-AZ' : ' single-AZ'}${b.crossRegionReplica ? ' (replica)' : ''}`,
          quantity: copies * hours,
          unit: 'h',
          unitPriceUsd: instancePrice(p.rdsPostgresInstanceHour, b.instanceClass, b.providerRegion),
        }),
        price({
          ...at,
          item: `RDS storage gp3 (${b.storageGiB} GiB)`,
          quantity: copies * b.storageGiB,
          unit: 'GB-mo',
          unitPriceUsd: p.rdsGp3GbMonth,
        }),
      ];
      if (b.managedSecret) {
        lines.push(
          price({
            ...at,
            item: 'master password secret (RDS-managed)',
            quantity: 1,
            unit: 'secret',
            unitPriceUsd: p.secretsManagerSecretMonth,
          }),
        );
      }
      if (b.crossRegionReplica) {
        // Replication traffic leaves the source region: priced at the source's rate, which
        // is the same $0.02/GB for both regions here.
        lines.push(
          price({
            ...at,
            item: 'cross-region replication traffic (assumed)',
            quantity: u.rdsReplicationGbPerMonth,
            unit: 'GB',
            unitPriceUsd: p.interRegionTransferGb,
          }),
        );
      }
      return lines;
    }
    case 'kms-key':
      return [
        price({
          ...at,
          item: 'KMS customer key',
          quantity: 1,
          unit: 'key',
          unitPriceUsd: p.kmsKeyMonth,
        }),
      ];
    case 'secret':
      return [
        price({
          ...at,
          item: 'Secrets Manager secret',
          quantity: 1,
          unit: 'secret',
          unitPriceUsd: p.secretsManagerSecretMonth,
        }),
      ];
    case 'log-group': {
      const storedGb = u.controlPlaneLogGbPerMonth * (Math.min(b.retentionDays, 30) / 30);
      return [
        price({
          ...at,
          item: 'control-plane log ingestion (assumed)',
          quantity: u.controlPlaneLogGbPerMonth,
          unit: 'GB',
          unitPriceUsd: p.cloudwatchLogsIngestGb,
        }),
        price({
          ...at,
          item: `control-plane log storage (${b.retentionDays} d retention)`,
          quantity: roundUsd(storedGb),
          unit: 'GB-mo',
          unitPriceUsd: p.cloudwatchLogsStorageGbMonth,
        }),
      ];
    }
    case 'ecr-repository':
      if (!Number.isFinite(b.imagesKept)) {
        throw new Error(
          `${b.resource} has no image-count lifecycle rule: its storage is unbounded`,
        );
      }
      return [
        price({
          ...at,
          item: `ECR storage (${b.imagesKept} images kept, assumed ${u.imageSizeGb} GB each)`,
          quantity: roundUsd(b.imagesKept * u.imageSizeGb),
          unit: 'GB-mo',
          unitPriceUsd: p.ecrStorageGbMonth,
        }),
      ];
    case 'ecr-replication':
      return [
        price({
          ...at,
          item: 'ECR cross-region replication traffic (assumed)',
          quantity: u.ecrReplicatedGbPerMonth,
          unit: 'GB',
          unitPriceUsd: p.interRegionTransferGb,
        }),
      ];
    case 's3-bucket':
      return [
        price({
          ...at,
          item: 'S3 storage (assumed)',
          quantity: u.s3StoredGbPerBucket,
          unit: 'GB-mo',
          unitPriceUsd: p.s3StandardGbMonth,
        }),
      ];
    case 'health-check':
      return [
        price({
          ...at,
          item: `Route 53 health check (${b.optionalFeatures} optional feature${b.optionalFeatures === 1 ? '' : 's'})`,
          quantity: 1,
          unit: 'check',
          unitPriceUsd:
            book.global.route53HealthCheckMonth +
            b.optionalFeatures * book.global.route53HealthCheckFeatureMonth,
        }),
      ];
  }
}

/** Prices every billable; lines, per-region subtotals and the total are kept in cents. */
export function priceUsage(billables: readonly Billable[], book: PriceBook): CostEstimate {
  const lines = billables.flatMap((b) => linesFor(b, book));
  const byRegion: Record<string, number> = {};
  for (const line of lines) {
    byRegion[line.region] = roundUsd((byRegion[line.region] ?? 0) + line.monthlyUsd);
  }
  const totalUsd = roundUsd(Object.values(byRegion).reduce((sum, v) => sum + v, 0));
  return { lines, byRegion, totalUsd };
}

/** describeUsage + priceUsage, refusing to estimate while a resource type has no price. */
export function estimateMonthlyCost(
  stacks: readonly SynthesizedStack[],
  book: PriceBook,
): CostEstimate & { readonly billables: readonly Billable[] } {
  const usage = describeUsage(stacks);
  if (usage.unpriced.length > 0) {
    throw new Error(
      `no price for ${usage.unpriced.join(', ')}: add it to cost/estimate.ts (or FREE_RESOURCE_TYPES)`,
    );
  }
  return { ...priceUsage(usage.billables, book), billables: usage.billables };
}
