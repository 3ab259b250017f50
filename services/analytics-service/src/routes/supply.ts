import type { ApiRouter } from '@globalretail/service-kit';
import type { DemandForecaster } from '../domain/demand-forecast';
import type { SupplyFigures } from '../domain/figures';
import type { SummaryStream } from '../domain/live-summary';
import {
  fillRateAnswer,
  forecastAnswer,
  forecastQuery,
  lowStockAnswer,
  lowStockQuery,
  onTimeAnswer,
  ordersPerMinuteAnswer,
  ordersPerMinuteQuery,
  rangeQuery,
  shipmentsAnswer,
  stockAnswer,
  stockQuery,
  summaryAnswer,
  summaryQuery,
  toRange,
} from './schemas';

const WHO = ['operator', 'service'] as const;
const tags = ['supply'];
const refusals = {
  400: { description: 'VALIDATION_FAILED: a bad or unknown query parameter' },
  401: { description: 'No or bad credential' },
  403: { description: 'A customer credential' },
};

export function supplyRoutes(
  api: ApiRouter,
  deps: {
    figures: SupplyFigures;
    forecaster: DemandForecaster;
    stream: SummaryStream;
    maxHistoryDays: number;
  },
): void {
  const { figures } = deps;

  api.route(
    {
      method: 'get',
      path: '/supply/stock',
      summary: 'Live stock per SKU and warehouse (base level + reservation movements since)',
      tags,
      query: stockQuery,
      auth: [...WHO],
      responses: { 200: { description: 'Stock', schema: stockAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await figures.stock({ ...query, lowOnly: query.lowOnly === 'true' }));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/low-stock',
      summary: 'Rows at or below their threshold now, and the stock.low alerts (newest first)',
      tags,
      query: lowStockQuery,
      auth: [...WHO],
      responses: { 200: { description: 'Low stock', schema: lowStockAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await figures.lowStock({ ...toRange(query), sku: query.sku, limit: query.limit }));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/fill-rate',
      summary: 'Units confirmed / units ordered over finished supply orders (by finish time)',
      tags,
      query: rangeQuery,
      auth: [...WHO],
      responses: { 200: { description: 'Fill rate', schema: fillRateAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await figures.fillRate(toRange(query)));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/shipments',
      summary: 'Shipments by current status and origin region (date range on creation time)',
      tags,
      query: rangeQuery,
      auth: [...WHO],
      responses: { 200: { description: 'Shipments', schema: shipmentsAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await figures.shipments(toRange(query)));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/on-time',
      summary:
        'On-time delivery rate: delivered at or before the ETA given at creation (date range on delivery time)',
      tags,
      query: rangeQuery,
      auth: [...WHO],
      responses: { 200: { description: 'On-time rate', schema: onTimeAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await figures.onTime(toRange(query)));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/orders-per-minute',
      summary: 'Finished supply orders per minute over the last `minutes` (default 60)',
      tags,
      query: ordersPerMinuteQuery,
      auth: [...WHO],
      responses: {
        200: { description: 'Orders per minute', schema: ordersPerMinuteAnswer },
        ...refusals,
      },
    },
    async (_req, res, { query }) => {
      res.json(await figures.ordersPerMinute(query));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/summary',
      summary: 'Every dashboard figure at once (what the stream pushes)',
      tags,
      query: summaryQuery,
      auth: [...WHO],
      responses: { 200: { description: 'Summary', schema: summaryAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await figures.summary(query));
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/stream',
      summary:
        'Server-sent events: `summary` (same shape as /supply/summary) on connect and after changes (at most 1/s), heartbeat comments. Authorization header required (fetch streaming, no token in the URL).',
      tags,
      query: summaryQuery,
      auth: [...WHO],
      responses: {
        200: { description: 'text/event-stream' },
        503: { description: 'TOO_MANY_STREAMS or SHUTTING_DOWN: reconnect later' },
        ...refusals,
      },
    },
    (req, res, { query }) => {
      deps.stream.open(req, res, query);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/supply/forecast',
      summary:
        'Demand forecast of a SKU: Holt-Winters with a seasonal-period search over daily order history, bootstrap prediction interval',
      tags,
      query: forecastQuery(deps.maxHistoryDays),
      auth: [...WHO],
      responses: { 200: { description: 'Forecast', schema: forecastAnswer }, ...refusals },
    },
    async (_req, res, { query }) => {
      res.json(await deps.forecaster.forecast(query));
    },
  );
}
