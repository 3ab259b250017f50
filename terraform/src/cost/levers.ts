import type { Billable } from './estimate';

export interface LeverContext {
  /** The standby region (the one a pilot-light or single-region layout gives up). */
  readonly secondaryRegion: string;
}

/** A design change that lowers the bill, applied to what the current design bills. */
export interface SavingsLever {
  readonly id: string;
  readonly title: string;
  /** What it costs in resilience, security or effort: the reason it is not the default. */
  readonly tradeoff: string;
  readonly apply: (billables: readonly Billable[], ctx: LeverContext) => Billable[];
}

export const SAVINGS_LEVERS: readonly SavingsLever[] = [
  {
    id: 'spot-nodes',
    title: 'Spot capacity for the node groups',
    tradeoff:
      'nodes can be reclaimed with 2 minutes notice; needs 2+ instance types and PodDisruptionBudgets',
    apply: (billables) => billables.map((b) => (b.kind === 'ec2-nodes' ? { ...b, spot: true } : b)),
  },
  {
    id: 'pilot-light-standby',
    title: 'Standby region as pilot light (no EKS cluster, nodes or NAT until failover)',
    tradeoff:
      'failover must first apply the eks stack (~15-20 min) before Argo CD can sync; RTO grows from minutes to ~30 min',
    apply: (billables, ctx) =>
      billables.filter(
        (b) =>
          !(
            b.region === ctx.secondaryRegion &&
            (b.stack.endsWith('-eks') || b.kind === 'nat-gateway' || b.kind === 'public-ipv4')
          ),
      ),
  },
  {
    id: 'no-nat-gateway',
    title: 'No NAT gateway: nodes in public subnets (security groups still deny inbound)',
    tradeoff:
      'nodes get public IPv4 addresses ($3.65/month each) and sit one security-group mistake from the internet',
    apply: (billables) =>
      billables.flatMap((b): Billable[] => {
        if (b.kind === 'nat-gateway' || b.kind === 'public-ipv4') return [];
        if (b.kind === 'ec2-nodes') {
          const { region, providerRegion, stack, resource } = b;
          return [
            b,
            {
              region,
              providerRegion,
              stack,
              resource: `${resource} (public node IPs)`,
              kind: 'public-ipv4',
              count: b.count,
            },
          ];
        }
        return [b];
      }),
  },
  {
    id: 'single-region',
    title: 'One region only (DR from snapshots copied to the other region)',
    tradeoff:
      'no warm standby: a region outage means restoring from the latest snapshot copy (hours, some data loss)',
    apply: (billables, ctx) =>
      billables.filter(
        (b) =>
          b.region !== ctx.secondaryRegion &&
          b.kind !== 'health-check' &&
          b.kind !== 'ecr-replication' &&
          !(b.kind === 'rds-instance' && b.crossRegionReplica),
      ),
  },
];

export const leverById = (id: string): SavingsLever => {
  const lever = SAVINGS_LEVERS.find((l) => l.id === id);
  if (!lever) throw new Error(`unknown savings lever ${id}`);
  return lever;
};

/** Applies levers in order (later ones see what earlier ones left). */
export const applyLevers = (
  billables: readonly Billable[],
  levers: readonly SavingsLever[],
  ctx: LeverContext,
): Billable[] => levers.reduce<Billable[]>((acc, lever) => lever.apply(acc, ctx), [...billables]);
