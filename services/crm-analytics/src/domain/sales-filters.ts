import { type Region, regionSchema } from '@globalretail/service-kit';
import { z } from 'zod';

/** What every sales figure is filtered by. Days are UTC calendar days, both ends included. */
export interface SalesFilters {
  from: string;
  to: string;
  region: Region | null;
  currency: string;
}

export interface FilterRules {
  maxRangeDays: number;
  defaultRangeDays: number;
  defaultCurrency: string;
  /** Today's UTC date as YYYY-MM-DD (a seam for tests). */
  today?: () => string;
}

const DAY_MS = 86_400_000;
const EARLIEST = '2000-01-01';
const LATEST = '2999-12-31';

export const utcToday = (): string => new Date().toISOString().slice(0, 10);
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const addDays = (date: string, days: number): string =>
  new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
/** Days from `from` to `to`, both included. */
export const daysInRange = (from: string, to: string): number =>
  dayNumber(to) - dayNumber(from) + 1;

const isoDay = z.iso
  .date('an ISO date like 2026-03-01')
  .refine((d) => d >= EARLIEST && d <= LATEST, `a date from ${EARLIEST} to ${LATEST}`);

const queryFields = {
  from: isoDay.optional().describe('first UTC day (YYYY-MM-DD), included'),
  to: isoDay.optional().describe('last UTC day (YYYY-MM-DD), included; default today'),
  region: regionSchema.optional().describe('only orders of this region; all when absent'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code like USD')
    .optional()
    .describe('figures cover orders priced in this currency'),
};

type RawFilters = { from?: string; to?: string; region?: Region; currency?: string };

function resolveFilters(
  query: RawFilters,
  rules: FilterRules,
  ctx: z.RefinementCtx,
): SalesFilters | undefined {
  const to = query.to ?? (rules.today ?? utcToday)();
  const from = query.from ?? addDays(to, -(rules.defaultRangeDays - 1));
  if (from > to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${from}) is after to (${to})` });
    return undefined;
  }
  if (daysInRange(from, to) > rules.maxRangeDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `a range may cover at most ${rules.maxRangeDays} days`,
    });
    return undefined;
  }
  return {
    from,
    to,
    region: query.region ?? null,
    currency: query.currency ?? rules.defaultCurrency,
  };
}

/**
 * The query filters of the sales API. `to` defaults to today, `from` to the default range
 * ending at `to`; `from` after `to`, a range longer than the maximum, an unknown parameter
 * or a malformed value is a 400.
 */
export function salesQuerySchema(rules: FilterRules) {
  return z.strictObject(queryFields).transform((query, ctx) => {
    const filters = resolveFilters(query, rules, ctx);
    return filters ? { filters } : z.NEVER;
  });
}

/** The filters plus `limit` (rows of a ranking). */
export function rankedQuerySchema(rules: FilterRules, defaultLimit: number) {
  return z
    .strictObject({ ...queryFields, limit: limitParam(defaultLimit) })
    .transform((query, ctx) => {
      const filters = resolveFilters(query, rules, ctx);
      return filters ? { filters, limit: query.limit } : z.NEVER;
    });
}

export const limitParam = (fallback: number) =>
  z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(fallback)
    .describe('how many rows, 1-100');
