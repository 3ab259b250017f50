import type { OrderLine, Region } from '@globalretail/service-kit';
import type { Allocation } from './types';

export interface AllocationInput {
  /** The customer's region: its warehouses are tried first. */
  region: Region;
  lines: readonly OrderLine[];
  warehouses: readonly { id: string; region: Region }[];
  /** Units that can still be reserved, per SKU then per warehouse; absent means none. */
  available: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}

export type AllocationStrategy = 'home-region' | 'single-warehouse' | 'split';

export type AllocationResult =
  | { ok: true; strategy: AllocationStrategy; allocations: Allocation[] }
  | { ok: false; shortages: Shortage[] };

/** Above this many warehouses the exact fewest-shipments search gives way to a greedy one. */
const EXACT_SEARCH_LIMIT = 12;

/**
 * Decides which warehouses hold an order's units, all lines or none:
 *
 * 1. a warehouse in the customer's region that can fill the whole order on its own;
 * 2. otherwise any single warehouse that can fill the whole order;
 * 3. otherwise the fewest warehouses that together can (fewest shipments), splitting a
 *    line between warehouses only when no chosen warehouse can fill it alone;
 * 4. otherwise nothing: the SKUs whose total across all warehouses is short.
 *
 * Ties are broken the same way every time: more warehouses in the customer's region, then
 * more units left over across the order's SKUs (keeps stock balanced), then warehouse id.
 */
export function allocate(input: AllocationInput): AllocationResult {
  const { lines, region } = input;
  const avail = (sku: string, warehouseId: string) =>
    Math.max(0, input.available.get(sku)?.get(warehouseId) ?? 0);
  const warehouses = [...input.warehouses].sort((a, b) => compareIds(a.id, b.id));

  const shortages = lines
    .map((line) => ({
      sku: line.sku,
      requested: line.quantity,
      available: warehouses.reduce((sum, w) => sum + avail(line.sku, w.id), 0),
    }))
    .filter((s) => s.available < s.requested);
  if (shortages.length > 0) return { ok: false, shortages };

  const spare = (ids: readonly string[]) =>
    lines.reduce(
      (sum, line) => sum + ids.reduce((s, id) => s + avail(line.sku, id), 0) - line.quantity,
      0,
    );
  const homeCount = (ids: readonly string[]) =>
    ids.filter((id) => warehouses.find((w) => w.id === id)?.region === region).length;
  const better = (a: readonly string[], b: readonly string[]) =>
    homeCount(b) - homeCount(a) || spare(b) - spare(a) || compareIds(a.join(','), b.join(','));

  const fillsAlone = warehouses
    .filter((w) => lines.every((line) => avail(line.sku, w.id) >= line.quantity))
    .map((w) => [w.id])
    .sort(better);
  const single = fillsAlone[0];
  if (single) {
    return {
      ok: true,
      strategy: homeCount(single) === 1 ? 'home-region' : 'single-warehouse',
      allocations: [allocation(single[0]!, lines)],
    };
  }

  const chosen =
    warehouses.length <= EXACT_SEARCH_LIMIT
      ? fewestWarehouses(
          warehouses.map((w) => w.id),
          lines,
          avail,
          better,
        )
      : greedyWarehouses(
          warehouses.map((w) => w.id),
          lines,
          avail,
        );
  return { ok: true, strategy: 'split', allocations: splitLines(chosen, lines, avail) };

  function allocation(warehouseId: string, allocated: readonly OrderLine[]): Allocation {
    const w = warehouses.find((x) => x.id === warehouseId)!;
    return { warehouseId, region: w.region, lines: allocated.map((l) => ({ ...l })) };
  }

  /** Assigns each line within the chosen warehouses, splitting only where one cannot fill it. */
  function splitLines(
    ids: readonly string[],
    orderLines: readonly OrderLine[],
    available: (sku: string, id: string) => number,
  ): Allocation[] {
    const isHome = (id: string) => homeCount([id]) === 1;
    const perWarehouse = new Map<string, OrderLine[]>(ids.map((id) => [id, []]));
    for (const line of orderLines) {
      const whole = [...ids]
        .filter((id) => available(line.sku, id) >= line.quantity)
        .sort(
          (a, b) =>
            Number(isHome(b)) - Number(isHome(a)) ||
            available(line.sku, b) - available(line.sku, a) ||
            compareIds(a, b),
        )[0];
      if (whole) {
        perWarehouse.get(whole)!.push({ sku: line.sku, quantity: line.quantity });
        continue;
      }
      // Largest piles first: the fewest pieces that add up to the quantity.
      let remaining = line.quantity;
      const bySize = [...ids].sort(
        (a, b) =>
          available(line.sku, b) - available(line.sku, a) ||
          Number(isHome(b)) - Number(isHome(a)) ||
          compareIds(a, b),
      );
      for (const id of bySize) {
        if (remaining === 0) break;
        const take = Math.min(remaining, available(line.sku, id));
        if (take > 0) {
          perWarehouse.get(id)!.push({ sku: line.sku, quantity: take });
          remaining -= take;
        }
      }
    }
    return [...perWarehouse]
      .filter(([, allocated]) => allocated.length > 0)
      .sort(([a], [b]) => compareIds(a, b))
      .map(([id, allocated]) => allocation(id, allocated));
  }
}

/** Smallest set of warehouses whose combined stock covers every line (exhaustive, small n). */
function fewestWarehouses(
  ids: readonly string[],
  lines: readonly OrderLine[],
  avail: (sku: string, id: string) => number,
  better: (a: readonly string[], b: readonly string[]) => number,
): string[] {
  const covers = (set: readonly string[]) =>
    lines.every((line) => set.reduce((s, id) => s + avail(line.sku, id), 0) >= line.quantity);
  for (let size = 2; size <= ids.length; size++) {
    const feasible = combinations(ids, size).filter(covers);
    if (feasible.length > 0) return feasible.sort(better)[0]!;
  }
  // Unreachable: the caller checked that all warehouses together cover every line.
  return [...ids];
}

/** Greedy set cover for many warehouses: repeatedly take the one covering most missing units. */
function greedyWarehouses(
  ids: readonly string[],
  lines: readonly OrderLine[],
  avail: (sku: string, id: string) => number,
): string[] {
  const missing = new Map(lines.map((l) => [l.sku, l.quantity]));
  const chosen: string[] = [];
  while ([...missing.values()].some((q) => q > 0) && chosen.length < ids.length) {
    const gain = (id: string) =>
      [...missing].reduce((s, [sku, q]) => s + Math.min(q, avail(sku, id)), 0);
    const next = ids
      .filter((id) => !chosen.includes(id))
      .sort((a, b) => gain(b) - gain(a) || compareIds(a, b))[0]!;
    chosen.push(next);
    for (const [sku, q] of missing) missing.set(sku, Math.max(0, q - avail(sku, next)));
  }
  return chosen.sort(compareIds);
}

function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
