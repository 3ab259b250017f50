/**
 * The unit prices the cost estimate assumes: AWS on-demand list prices (USD, Linux, no
 * free tier, no Savings Plans, before tax) for the two regions this app uses.
 *
 * Source: the AWS pricing pages listed in `PRICE_BOOK.sources`. This machine has no access
 * to the AWS Price List API, so the figures were taken from those pages and cross-checked
 * against published summaries on the date in `checkedOn`; re-check them (or use the AWS
 * Pricing Calculator) before committing to a budget. Change a price here, not in code.
 */

/** AWS bills per hour; a month is 730 hours (365 × 24 / 12) in all AWS calculators. */
export const HOURS_PER_MONTH = 730;

export interface RegionalPrices {
  /** EKS control plane in standard support. */
  readonly eksClusterHour: number;
  /** EKS control plane once the Kubernetes version is in extended support. */
  readonly eksExtendedSupportClusterHour: number;
  readonly ec2InstanceHour: Readonly<Record<string, number>>;
  readonly ebsGp3GbMonth: number;
  readonly natGatewayHour: number;
  readonly natGatewayDataGb: number;
  /** Every public IPv4 address, attached or not (since February 2024). */
  readonly publicIpv4Hour: number;
  /** RDS for PostgreSQL, single-AZ, on-demand. */
  readonly rdsPostgresInstanceHour: Readonly<Record<string, number>>;
  readonly rdsGp3GbMonth: number;
  readonly kmsKeyMonth: number;
  readonly secretsManagerSecretMonth: number;
  readonly cloudwatchLogsIngestGb: number;
  readonly cloudwatchLogsStorageGbMonth: number;
  readonly ecrStorageGbMonth: number;
  readonly s3StandardGbMonth: number;
  /** Data transfer out of this region to another AWS region. */
  readonly interRegionTransferGb: number;
}

export interface GlobalPrices {
  /** Route 53 health check of an AWS endpoint (an ELB/NLB hostname). */
  readonly route53HealthCheckMonth: number;
  /** Each optional health-check feature (HTTPS, string match, fast interval, latency). */
  readonly route53HealthCheckFeatureMonth: number;
}

/**
 * Usage the bill depends on but the synthesized resources do not say: these are estimates
 * for a small deployment, printed with the report so nobody mistakes them for prices.
 */
export interface UsageAssumptions {
  readonly natProcessedGbPerMonth: number;
  readonly controlPlaneLogGbPerMonth: number;
  readonly imageSizeGb: number;
  readonly ecrReplicatedGbPerMonth: number;
  readonly rdsReplicationGbPerMonth: number;
  readonly s3StoredGbPerBucket: number;
  /** Spot price as a fraction of on-demand for t3.medium (typical; varies by hour and AZ). */
  readonly spotPriceFactor: number;
}

export interface PriceBook {
  readonly currency: 'USD';
  readonly checkedOn: string;
  readonly sources: readonly string[];
  readonly regions: Readonly<Record<string, RegionalPrices>>;
  readonly global: GlobalPrices;
  readonly usage: UsageAssumptions;
}

export const PRICE_BOOK: PriceBook = {
  currency: 'USD',
  checkedOn: '2026-11-22',
  sources: [
    'https://aws.amazon.com/eks/pricing/',
    'https://aws.amazon.com/ec2/pricing/on-demand/',
    'https://aws.amazon.com/ebs/pricing/',
    'https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4)',
    'https://aws.amazon.com/rds/postgresql/pricing/',
    'https://aws.amazon.com/kms/pricing/',
    'https://aws.amazon.com/secrets-manager/pricing/',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'https://aws.amazon.com/ecr/pricing/',
    'https://aws.amazon.com/s3/pricing/',
    'https://aws.amazon.com/route53/pricing/',
  ],
  regions: {
    'us-east-1': {
      eksClusterHour: 0.1,
      eksExtendedSupportClusterHour: 0.6,
      ec2InstanceHour: { 't3.medium': 0.0416 },
      ebsGp3GbMonth: 0.08,
      natGatewayHour: 0.045,
      natGatewayDataGb: 0.045,
      publicIpv4Hour: 0.005,
      rdsPostgresInstanceHour: { 'db.t3.micro': 0.018 },
      rdsGp3GbMonth: 0.115,
      kmsKeyMonth: 1,
      secretsManagerSecretMonth: 0.4,
      cloudwatchLogsIngestGb: 0.5,
      cloudwatchLogsStorageGbMonth: 0.03,
      ecrStorageGbMonth: 0.1,
      s3StandardGbMonth: 0.023,
      interRegionTransferGb: 0.02,
    },
    'eu-west-1': {
      eksClusterHour: 0.1,
      eksExtendedSupportClusterHour: 0.6,
      ec2InstanceHour: { 't3.medium': 0.0456 },
      ebsGp3GbMonth: 0.088,
      natGatewayHour: 0.048,
      natGatewayDataGb: 0.048,
      publicIpv4Hour: 0.005,
      rdsPostgresInstanceHour: { 'db.t3.micro': 0.02 },
      rdsGp3GbMonth: 0.127,
      kmsKeyMonth: 1,
      secretsManagerSecretMonth: 0.4,
      cloudwatchLogsIngestGb: 0.57,
      cloudwatchLogsStorageGbMonth: 0.03,
      ecrStorageGbMonth: 0.1,
      s3StandardGbMonth: 0.023,
      interRegionTransferGb: 0.02,
    },
  },
  global: {
    route53HealthCheckMonth: 0.5,
    route53HealthCheckFeatureMonth: 1,
  },
  usage: {
    natProcessedGbPerMonth: 20,
    controlPlaneLogGbPerMonth: 2,
    imageSizeGb: 0.15,
    ecrReplicatedGbPerMonth: 5,
    rdsReplicationGbPerMonth: 5,
    s3StoredGbPerBucket: 1,
    spotPriceFactor: 0.35,
  },
};
