import { type Billable, type CostEstimate, type CostLine, priceUsage, roundUsd } from './estimate';
import { applyLevers, type LeverContext, leverById, SAVINGS_LEVERS } from './levers';
import { HOURS_PER_MONTH, type PriceBook } from './unit-prices';

export interface Budget {
  readonly low: number;
  readonly high: number;
}

export interface BudgetVerdict {
  readonly fits: boolean;
  readonly text: string;
}

export function assessBudget(totalUsd: number, budget: Budget): BudgetVerdict {
  const range = `$${budget.low}–${budget.high}/month`;
  if (totalUsd <= budget.high) {
    return { fits: true, text: `fits the seed budget of ${range}` };
  }
  const times = (totalUsd / budget.high).toFixed(1);
  return {
    fits: false,
    text: `DOES NOT FIT the seed budget of ${range}: $${totalUsd.toFixed(2)}/month is ${times}× its upper end`,
  };
}

export interface Scenario {
  readonly title: string;
  readonly levers: readonly string[];
  readonly totalUsd: number;
  readonly savingUsd: number;
  readonly fits: boolean;
}

/** Each lever alone, then the two combinations that matter for the decision. */
export function savingsScenarios(
  billables: readonly Billable[],
  baseline: CostEstimate,
  book: PriceBook,
  budget: Budget,
  ctx: LeverContext,
): Scenario[] {
  const combos: { title: string; levers: string[] }[] = [
    ...SAVINGS_LEVERS.map((l) => ({ title: l.title, levers: [l.id] })),
    {
      title: 'Cheapest two-region layout (spot + pilot-light standby + no NAT)',
      levers: ['pilot-light-standby', 'spot-nodes', 'no-nat-gateway'],
    },
    {
      title: 'Cheapest layout that keeps EKS (one region + spot + no NAT)',
      levers: ['single-region', 'spot-nodes', 'no-nat-gateway'],
    },
  ];
  return combos.map(({ title, levers }) => {
    const after = priceUsage(applyLevers(billables, levers.map(leverById), ctx), book);
    return {
      title,
      levers,
      totalUsd: after.totalUsd,
      savingUsd: roundUsd(baseline.totalUsd - after.totalUsd),
      fits: after.totalUsd <= budget.high,
    };
  });
}

const money = (usd: number) => usd.toFixed(2).padStart(9);

/** Identical lines (nine repositories, six secrets) as one row with the count in front. */
function aggregateLines(lines: readonly CostLine[]): CostLine[] {
  const rows = new Map<string, CostLine & { count: number }>();
  for (const line of lines) {
    const key = [line.region, line.stack, line.item, line.unit, line.unitPriceUsd].join('|');
    const row = rows.get(key);
    rows.set(
      key,
      row
        ? {
            ...row,
            count: row.count + 1,
            quantity: row.quantity + line.quantity,
            monthlyUsd: roundUsd(row.monthlyUsd + line.monthlyUsd),
          }
        : { ...line, count: 1 },
    );
  }
  return [...rows.values()]
    .map(({ count, ...row }) => ({ ...row, item: count > 1 ? `${count} × ${row.item}` : row.item }))
    .sort((a, b) => a.stack.localeCompare(b.stack) || b.monthlyUsd - a.monthlyUsd);
}

export interface ReportInput {
  readonly env: string;
  readonly estimate: CostEstimate;
  readonly billables: readonly Billable[];
  readonly book: PriceBook;
  readonly budget: Budget;
  /** Report order, e.g. primary, secondary; `global` and anything unlisted come after. */
  readonly regionOrder: readonly string[];
  readonly secondaryRegion: string;
}

export function renderCostReport(input: ReportInput): string {
  const { estimate, book, budget } = input;
  const out: string[] = [];
  out.push(
    `Monthly cost estimate: ${input.env}, on-demand list prices in ${book.currency} checked ${book.checkedOn}, ${HOURS_PER_MONTH} h/month`,
    '',
  );
  const rank = (region: string) => {
    const i = input.regionOrder.indexOf(region);
    return i === -1 ? input.regionOrder.length : i;
  };
  const regions = Object.keys(estimate.byRegion).sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const rows = aggregateLines(estimate.lines);
  const itemWidth = Math.max(...rows.map((r) => r.item.length));
  const stackWidth = Math.max(...rows.map((r) => r.stack.length));
  for (const region of regions) {
    out.push(region);
    for (const row of rows.filter((r) => r.region === region)) {
      const quantity = `${roundUsd(row.quantity)} ${row.unit}`.padStart(13);
      const unitPrice = `× ${row.unitPriceUsd.toFixed(4)}`.padStart(10);
      out.push(
        `  ${row.item.padEnd(itemWidth)}  ${row.stack.padEnd(stackWidth)} ${quantity} ${unitPrice} ${money(row.monthlyUsd)}`,
      );
    }
    out.push(
      `  ${'subtotal'.padEnd(itemWidth + stackWidth + 27)} ${money(estimate.byRegion[region]!)}`,
      '',
    );
  }
  out.push(`TOTAL ${money(estimate.totalUsd)} USD/month`, '');

  const verdict = assessBudget(estimate.totalUsd, budget);
  out.push(`Budget: ${verdict.text}.`);
  const controlPlanes = estimate.lines.filter((l) => l.item.startsWith('EKS control plane'));
  if (!verdict.fits && controlPlanes.length > 0) {
    const perCluster = controlPlanes[0]!.monthlyUsd;
    out.push(
      `  The EKS control planes alone cost $${roundUsd(perCluster * controlPlanes.length).toFixed(2)} ` +
        `(${controlPlanes.length} × $${perCluster.toFixed(2)}); one cluster already exceeds $${budget.high}.`,
      `  The seed's ~$50 estimate cannot include EKS at $0.10/h (${HOURS_PER_MONTH} h = $73/month per`,
      `  cluster), nor the nodes, the NAT gateways and the replica.`,
    );
  }
  out.push('', 'What would bring it down (from the design above):');
  const scenarios = savingsScenarios(input.billables, estimate, book, budget, {
    secondaryRegion: input.secondaryRegion,
  });
  for (const s of scenarios) {
    out.push(
      `  - ${s.title}: -$${s.savingUsd.toFixed(2)} -> $${s.totalUsd.toFixed(2)}/month${s.fits ? ' (fits)' : ''}`,
    );
    if (s.levers.length === 1) out.push(`      trade-off: ${leverById(s.levers[0]!).tradeoff}`);
  }
  if (!scenarios.some((s) => s.fits)) {
    out.push(
      `  None of these fits $${budget.low}–${budget.high}: any design with an EKS control plane starts at`,
      `  ~$${controlPlanes[0]?.monthlyUsd.toFixed(2) ?? '73.00'}. Within that budget the workloads would have to leave EKS (k3s on one`,
      `  EC2 instance, or ECS on Fargate/EC2), or the budget has to grow (see docs/adr/011).`,
    );
  }
  const u = book.usage;
  out.push(
    '',
    'Usage assumed (not prices; edit terraform/src/cost/unit-prices.ts):',
    `  NAT data ${u.natProcessedGbPerMonth} GB/month per gateway, control-plane logs ${u.controlPlaneLogGbPerMonth} GB/month per cluster,`,
    `  images ${u.imageSizeGb} GB each, ECR replication ${u.ecrReplicatedGbPerMonth} GB/month, RDS replication ${u.rdsReplicationGbPerMonth} GB/month,`,
    `  ${u.s3StoredGbPerBucket} GB per bucket, spot at ${Math.round(u.spotPriceFactor * 100)}% of on-demand.`,
    'Not included: the ingress-nginx load balancer Kubernetes creates in each region (an NLB is',
    '  ~$16-18/month plus usage, and its two public IPv4 addresses $7.30), internet egress, taxes,',
    '  support plans, the free tier.',
    `Unit prices from: ${book.sources.join(', ')}`,
  );
  return out.join('\n');
}
