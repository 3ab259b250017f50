import { regionSchema, skuSchema } from '@globalretail/service-kit';
import { z } from 'zod';

/** An instant (ISO 8601 with offset) or a UTC day (YYYY-MM-DD). */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const toDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

const rangeFields = {
  region: regionSchema.optional(),
  from: instant.optional(),
  to: instant.optional(),
};
const inOrder = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);
const inOrderMessage = { message: 'from must be before to', path: ['from'] };

/**
 * `from` (inclusive) and `to` (exclusive) must be in order. Unknown parameters are refused
 * rather than ignored, so a typo (`?regoin=`) is a 400 and not a silently unfiltered figure.
 */
export const rangeQuery = z.strictObject(rangeFields).refine(inOrder, inOrderMessage);
export const lowStockQuery = z
  .strictObject({
    ...rangeFields,
    sku: skuSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine(inOrder, inOrderMessage);

export const toRange = (q: {
  region?: z.infer<typeof regionSchema>;
  from?: string;
  to?: string;
}) => ({
  region: q.region,
  from: toDate(q.from),
  to: toDate(q.to),
});

export const stockQuery = z.strictObject({
  region: regionSchema.optional(),
  sku: skuSchema.optional(),
  warehouseId: z
    .string()
    .regex(/^wh-[a-z0-9][a-z0-9-]{1,40}$/, 'a warehouse id looks like wh-us-east-1')
    .optional(),
  lowOnly: z.enum(['true', 'false']).optional(),
});

export const ordersPerMinuteQuery = z.strictObject({
  region: regionSchema.optional(),
  minutes: z.coerce.number().int().min(1).max(1440).default(60),
});

export const summaryQuery = z.strictObject({
  region: regionSchema.optional(),
  /** Shipments, fill rate and on-time rate over the last this many hours (all time when absent). */
  periodHours: z.coerce.number().int().min(1).max(8760).optional(),
});

export const forecastQuery = (maxHistoryDays: number) =>
  z.strictObject({
    sku: skuSchema,
    region: regionSchema.optional(),
    horizonDays: z.coerce.number().int().min(1).max(90).default(14),
    historyDays: z.coerce
      .number()
      .int()
      .min(14)
      .max(maxHistoryDays)
      .default(Math.min(365, maxHistoryDays)),
    level: z.coerce.number().min(0.5).max(0.99).default(0.9),
  });

const nullableRate = z.number().min(0).max(1).nullable();
const range2 = z.object({ from: z.string().nullable(), to: z.string().nullable() });

const stockRow = z.object({
  sku: z.string(),
  warehouseId: z.string(),
  region: z.string().nullable(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int().nullable(),
  low: z.boolean(),
  basis: z.enum(['event', 'snapshot', 'movements-only']),
  asOf: z.string().nullable(),
});
const totals = z.object({ onHand: z.number(), reserved: z.number(), available: z.number() });

export const stockAnswer = z.object({
  generatedAt: z.string(),
  snapshot: z
    .object({ finishedAt: z.string(), products: z.number(), rowsApplied: z.number() })
    .nullable(),
  totals,
  lowCount: z.number().int(),
  byWarehouse: z.array(
    totals.extend({
      warehouseId: z.string(),
      region: z.string().nullable(),
      skus: z.number().int(),
      lowCount: z.number().int(),
    }),
  ),
  rows: z.array(stockRow),
});

const alert = z.object({
  eventId: z.string(),
  sku: z.string(),
  warehouseId: z.string(),
  region: z.string().nullable(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  threshold: z.number().int(),
  occurredAt: z.string(),
});

export const lowStockAnswer = z.object({
  range: range2,
  currentlyLow: z.array(stockRow),
  totalAlerts: z.number().int(),
  alerts: z.array(alert),
});

const orderFigures = z.object({
  orders: z.object({ confirmed: z.number(), failed: z.number(), total: z.number() }),
  unitsOrdered: z.number(),
  unitsConfirmed: z.number(),
  fillRate: nullableRate,
});
export const fillRateAnswer = orderFigures.extend({
  range: range2,
  region: z.string().nullable(),
  byRegion: z.array(orderFigures.extend({ region: z.string().nullable() })),
});

const statusCounts = z.record(z.string(), z.number().int());
export const shipmentsAnswer = z.object({
  range: range2,
  region: z.string().nullable(),
  total: z.number().int(),
  byStatus: statusCounts,
  byRegion: z.array(
    z.object({ region: z.string().nullable(), total: z.number().int(), byStatus: statusCounts }),
  ),
});

const punctuality = z.object({
  delivered: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  onTimeRate: nullableRate,
  unknownPromise: z.number().int(),
});
export const onTimeAnswer = punctuality.extend({
  range: range2,
  region: z.string().nullable(),
  byRegion: z.array(punctuality.extend({ region: z.string().nullable() })),
});

export const ordersPerMinuteAnswer = z.object({
  from: z.string(),
  to: z.string(),
  region: z.string().nullable(),
  minutes: z.number().int(),
  total: z.number().int(),
  averagePerMinute: z.number(),
  buckets: z.array(
    z.object({
      minute: z.string(),
      confirmed: z.number().int(),
      failed: z.number().int(),
      total: z.number().int(),
    }),
  ),
});

export const summaryAnswer = z.object({
  generatedAt: z.string(),
  region: z.string().nullable(),
  periodHours: z.number().nullable(),
  stock: stockAnswer,
  lowStock: z.object({ currentlyLow: z.number().int(), recentAlerts: z.array(alert) }),
  shipments: shipmentsAnswer,
  fillRate: fillRateAnswer,
  onTime: onTimeAnswer,
  ordersPerMinute: ordersPerMinuteAnswer,
});

export const forecastAnswer = z.object({
  sku: z.string(),
  region: z.string().nullable(),
  generatedAt: z.string(),
  level: z.number(),
  horizonDays: z.number().int(),
  history: z.object({
    from: z.string().nullable(),
    to: z.string(),
    days: z.number().int(),
    totalUnits: z.number(),
    daily: z.array(z.object({ date: z.string(), units: z.number() })),
  }),
  method: z.enum(['holt-winters-additive', 'none']),
  model: z
    .object({
      period: z.number().int(),
      seasonal: z.boolean(),
      trend: z.enum(['none', 'damped']),
      alpha: z.number(),
      beta: z.number(),
      gamma: z.number(),
      phi: z.number(),
      aic: z.number(),
      rmse: z.number(),
      scoredDays: z.number().int(),
    })
    .nullable(),
  candidates: z.array(
    z.object({ period: z.number(), trend: z.string(), aic: z.number(), rmse: z.number() }),
  ),
  modelsEvaluated: z.number().int(),
  bootstrapSamples: z.number().int(),
  forecast: z.array(
    z.object({ date: z.string(), units: z.number(), lower: z.number(), upper: z.number() }),
  ),
  computeMs: z.number(),
});
