import {
  describeUsage,
  estimateMonthlyCost,
  FREE_RESOURCE_TYPES,
  priceUsage,
  roundUsd,
} from '../src/cost/estimate';
import { applyLevers, leverById, SAVINGS_LEVERS } from '../src/cost/levers';
import { assessBudget, renderCostReport, savingsScenarios } from '../src/cost/report';
import { HOURS_PER_MONTH, PRICE_BOOK, type PriceBook } from '../src/cost/unit-prices';
import { prod } from '../src/config';
import { parseStack, type SynthesizedStack } from '../src/synthesized';
import { synthesizeApp } from './support/synth';

/** Round prices so every expected figure below can be checked by hand. */
const TEST_BOOK: PriceBook = {
  ...PRICE_BOOK,
  regions: {
    'us-east-1': {
      ...PRICE_BOOK.regions['us-east-1']!,
      eksClusterHour: 0.1,
      eksExtendedSupportClusterHour: 0.6,
      ec2InstanceHour: { 't3.medium': 0.05 },
      ebsGp3GbMonth: 0.1,
      natGatewayHour: 0.05,
      natGatewayDataGb: 0.05,
      publicIpv4Hour: 0.005,
      rdsPostgresInstanceHour: { 'db.t3.micro': 0.02 },
      rdsGp3GbMonth: 0.1,
      kmsKeyMonth: 1,
      secretsManagerSecretMonth: 0.4,
    },
  },
  global: { route53HealthCheckMonth: 0.5, route53HealthCheckFeatureMonth: 1 },
  usage: { ...PRICE_BOOK.usage, natProcessedGbPerMonth: 20, spotPriceFactor: 0.3 },
};

const stackOf = (name: string, region: string, resource: Record<string, unknown>) =>
  parseStack(name, {
    provider: {
      aws: [
        {
          region: 'us-east-1',
          default_tags: [{ tags: { region, project: 'p', environment: 'prod', owner: 'o' } }],
        },
      ],
    },
    resource,
  });

/** One region of the real design, written out by hand. */
const knownConfiguration = (overrides: { multiAz?: boolean; support?: string } = {}) => [
  stackOf('prod-us-east-1-eks', 'us-east-1', {
    aws_eks_cluster: {
      c: { name: 'c', upgrade_policy: { support_type: overrides.support ?? 'STANDARD' } },
    },
    aws_launch_template: { lt: { block_device_mappings: [{ ebs: { volume_size: 20 } }] } },
    aws_eks_node_group: {
      ng: {
        instance_types: ['t3.medium'],
        scaling_config: { desired_size: 2, min_size: 2, max_size: 3 },
        launch_template: { id: '${aws_launch_template.lt.id}', version: '1' },
      },
    },
    aws_kms_key: { k: {} },
    aws_iam_role: { r: {} },
  }),
  stackOf('prod-us-east-1-network', 'us-east-1', {
    aws_nat_gateway: { n: {} },
    aws_eip: { ip: { domain: 'vpc' } },
    aws_vpc: { v: {} },
  }),
  stackOf('prod-us-east-1-database', 'us-east-1', {
    aws_db_instance: {
      db: {
        instance_class: 'db.t3.micro',
        allocated_storage: 20,
        multi_az: overrides.multiAz ?? false,
        manage_master_user_password: true,
      },
    },
  }),
  stackOf('prod-global-dns', 'global', {
    aws_route53_health_check: { h: { type: 'HTTPS' } },
    aws_route53_record: { r: {} },
  }),
];

describe('cost estimate arithmetic on a known configuration', () => {
  const estimate = estimateMonthlyCost(knownConfiguration(), TEST_BOOK);
  const line = (item: RegExp) => {
    const found = estimate.lines.filter((l) => item.test(l.item));
    if (found.length !== 1) throw new Error(`${found.length} lines match ${item}`);
    return found[0]!;
  };

  it('prices each resource by its quantity over a 730-hour month', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(line(/EKS control plane/).monthlyUsd).toBe(73); // 730 × 0.10
    expect(line(/t3\.medium nodes/).monthlyUsd).toBe(73); // 2 × 730 × 0.05
    expect(line(/node volumes/).monthlyUsd).toBe(4); // 2 × 20 GiB (from the launch template) × 0.10
    expect(line(/KMS/).monthlyUsd).toBe(1);
    expect(line(/^NAT gateway$/).monthlyUsd).toBe(36.5); // 730 × 0.05
    expect(line(/NAT data/).monthlyUsd).toBe(1); // 20 GB × 0.05
    expect(line(/public IPv4/).monthlyUsd).toBe(3.65); // 730 × 0.005
    expect(line(/RDS PostgreSQL/).monthlyUsd).toBe(14.6); // 730 × 0.02
    expect(line(/RDS storage/).monthlyUsd).toBe(2); // 20 × 0.10
    expect(line(/master password secret/).monthlyUsd).toBe(0.4);
    expect(line(/health check/).monthlyUsd).toBe(1.5); // 0.50 + HTTPS 1.00
  });

  it('sums per region (the stack region tag) and in total, in cents', () => {
    expect(estimate.byRegion).toEqual({ 'us-east-1': 209.15, global: 1.5 });
    expect(estimate.totalUsd).toBe(210.65);
  });

  it('doubles a multi-AZ database and charges extended support at its own rate', () => {
    const multiAz = estimateMonthlyCost(knownConfiguration({ multiAz: true }), TEST_BOOK);
    expect(multiAz.totalUsd).toBe(roundUsd(210.65 + 14.6 + 2));
    const extended = estimateMonthlyCost(knownConfiguration({ support: 'EXTENDED' }), TEST_BOOK);
    expect(extended.totalUsd).toBe(roundUsd(210.65 + 730 * 0.5));
  });

  it('applies savings levers to what the design bills', () => {
    const billables = estimate.billables;
    const spot = priceUsage(applyLevers(billables, [leverById('spot-nodes')], ctx), TEST_BOOK);
    expect(spot.totalUsd).toBe(roundUsd(210.65 - 73 + 2 * 730 * 0.05 * 0.3));
    const noNat = priceUsage(applyLevers(billables, [leverById('no-nat-gateway')], ctx), TEST_BOOK);
    // NAT (36.50 + 1.00) and its address (3.65) go; the two nodes get an address each.
    expect(noNat.totalUsd).toBe(roundUsd(210.65 - 36.5 - 1 - 3.65 + 2 * 3.65));
  });

  it('refuses to estimate a resource type it has no price for', () => {
    const unknown = [stackOf('prod-us-east-1-x', 'us-east-1', { aws_instance: { i: {} } })];
    expect(describeUsage(unknown).unpriced).toEqual(['aws_instance']);
    expect(() => estimateMonthlyCost(unknown, TEST_BOOK)).toThrow(/no price for aws_instance/);
  });

  it('refuses a repository whose storage nothing bounds', () => {
    const unbounded = [
      stackOf('prod-us-east-1-ecr', 'us-east-1', { aws_ecr_repository: { r: {} } }),
    ];
    expect(() => estimateMonthlyCost(unbounded, TEST_BOOK)).toThrow(
      /no image-count lifecycle rule/,
    );
  });
});

const ctx = { secondaryRegion: 'eu-west-1' };

describe('cost estimate of the synthesized app with the repository price book', () => {
  const { stacks } = synthesizeApp();
  const estimate = estimateMonthlyCost(stacks, PRICE_BOOK);
  const budget = prod.budgetUsdPerMonth;

  it('prices every resource type the app creates (or knows it is free)', () => {
    const types = new Set(stacks.flatMap((s: SynthesizedStack) => s.resources.map((r) => r.type)));
    expect(describeUsage(stacks).unpriced).toEqual([]);
    expect([...types].filter((t) => t in FREE_RESOURCE_TYPES).length).toBeGreaterThan(10);
  });

  it('reports both regions and the global resources, which add up to the total', () => {
    expect(Object.keys(estimate.byRegion).sort()).toEqual(['eu-west-1', 'global', 'us-east-1']);
    const sum = roundUsd(Object.values(estimate.byRegion).reduce((a, b) => a + b, 0));
    expect(sum).toBe(estimate.totalUsd);
  });

  it('counts two EKS control planes at $73.00 each', () => {
    const planes = estimate.lines.filter((l) => l.item.startsWith('EKS control plane'));
    expect(planes.map((l) => [l.region, l.monthlyUsd])).toEqual(
      expect.arrayContaining([
        ['us-east-1', 73],
        ['eu-west-1', 73],
      ]),
    );
  });

  it('says plainly that the seed budget cannot hold, and that no EKS layout fits it', () => {
    expect(estimate.totalUsd).toBeGreaterThan(budget.high * 3);
    expect(assessBudget(estimate.totalUsd, budget)).toMatchObject({ fits: false });
    const scenarios = savingsScenarios(estimate.billables, estimate, PRICE_BOOK, budget, ctx);
    expect(scenarios).toHaveLength(SAVINGS_LEVERS.length + 2);
    for (const s of scenarios) expect(s.savingUsd).toBeGreaterThan(0);
    expect(scenarios.some((s) => s.fits)).toBe(false);
    const cheapest = Math.min(...scenarios.map((s) => s.totalUsd));
    expect(cheapest).toBeGreaterThan(73);

    const report = renderCostReport({
      env: 'prod',
      estimate,
      billables: estimate.billables,
      book: PRICE_BOOK,
      budget,
      regionOrder: ['us-east-1', 'eu-west-1', 'global'],
      secondaryRegion: 'eu-west-1',
    });
    expect(report).toContain('DOES NOT FIT the seed budget of $60–70/month');
    expect(report).toContain(`TOTAL ${estimate.totalUsd.toFixed(2).padStart(9)} USD/month`);
    expect(report).toMatch(/None of these fits/);
    expect(report).toContain(PRICE_BOOK.checkedOn);
    expect(report.indexOf('us-east-1\n')).toBeLessThan(report.indexOf('eu-west-1\n'));
  });

  it('says it fits when it does', () => {
    expect(assessBudget(65, budget)).toEqual({ fits: true, text: expect.stringContaining('fits') });
  });
});
