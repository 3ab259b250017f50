import path from 'node:path';
import {
  ApiRouter,
  notFound,
  createServiceApp,
  finishApp,
  type Lifecycle,
  type Logger,
  type Metrics,
  pageSecurityHeaders,
  singlePageApp,
} from '@globalretail/service-kit';
import type { Express } from 'express';
import { z } from 'zod';
import type { TrackingUiConfig } from './config';

export const SERVICE_NAME = 'tracking-ui';
export const PAGE_PREFIX = '/track';

export interface TrackingUiDeps {
  config: Pick<TrackingUiConfig, 'WEB_DIST_DIR'>;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
}

/**
 * The public tracking page: `/track` (the form) and `/track/:trackingNumber` (a deep link;
 * `/track?n=` works too), the built assets under `/track/assets/`, and the kit's health,
 * metrics and OpenAPI endpoints. The page itself calls `/api/tracking/:trackingNumber`
 * through the gateway; this server has no API of its own and no database.
 */
export function buildTrackingUiApp(deps: TrackingUiDeps): Express {
  const { config, logger, metrics, lifecycle } = deps;
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger,
    metrics,
    lifecycle,
    bodyLimit: '1kb',
    requestLogLevel: 'debug',
  });
  app.use(pageSecurityHeaders());
  const spa = singlePageApp({ prefix: PAGE_PREFIX, distDir: config.WEB_DIST_DIR, lifecycle });

  const pages = new ApiRouter({
    title: SERVICE_NAME,
    version: '1.0.0',
    description:
      'Public shipment tracking page (HTML). The page polls GET /api/tracking/:trackingNumber (logistics-service, through the gateway).',
  });
  pages.route(
    {
      method: 'get',
      path: PAGE_PREFIX,
      summary: 'The tracking page: a form; `?n=<tracking number>` looks one up at once',
      tags: ['pages'],
      responses: { 200: { description: 'HTML page' }, 503: { description: 'UI_NOT_BUILT' } },
    },
    (_req, res) => spa.sendPage(res),
  );
  pages.route(
    {
      method: 'get',
      path: `${PAGE_PREFIX}/:trackingNumber`,
      summary: 'The tracking page for one shipment (deep link); checked and polled by the page',
      tags: ['pages'],
      params: z.object({ trackingNumber: z.string() }),
      responses: {
        200: { description: 'HTML page' },
        404: { description: 'A file name (with an extension) that does not exist' },
        503: { description: 'UI_NOT_BUILT' },
      },
    },
    async (req, res, { params }) => {
      // `/track/logo.png` is a missing file, not a tracking number: never answer it with HTML.
      if (path.extname(params.trackingNumber) !== '') throw notFound('file', req.path);
      await spa.sendPage(res);
    },
  );
  const openapi = pages.document();
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  // On its own (without the gateway in front), the bare origin leads to the page.
  app.get('/', (_req, res) => {
    res.redirect(302, PAGE_PREFIX);
  });
  app.use(spa.files);
  app.use(pages.router);
  app.get(`${PAGE_PREFIX}/{*rest}`, spa.fallback);
  return finishApp(app);
}
