import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  ApiRouter,
  createServiceApp,
  finishApp,
  notFound,
  serviceUnavailable,
  type Lifecycle,
  type Logger,
  type Metrics,
} from '@globalretail/service-kit';
import express, { type Express, type Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { z } from 'zod';
import { SERVICE_NAME, type CrmUiConfig } from './config';

/**
 * The client routes of the single-page app (web/src/lib/router.ts matches the same list;
 * a test keeps the two in step). Each answers index.html; any other path is a JSON 404, so a
 * missing asset or a stray API call never comes back as a 200 HTML page.
 */
export const PAGE_ROUTES = ['/', '/login', '/cart', '/orders', '/orders/:id'] as const;

const SELF = ["'self'"];

/**
 * Helmet's defaults with a strict CSP: everything from this origin only, no inline script
 * or style, no plugins, no framing. `upgrade-insecure-requests` is left out because TLS ends
 * at the ingress and local runs are plain http.
 */
export const securityHeaders: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: SELF,
      scriptSrc: SELF,
      styleSrc: SELF,
      imgSrc: SELF,
      fontSrc: SELF,
      connectSrc: SELF,
      manifestSrc: SELF,
      objectSrc: ["'none'"],
      baseUri: SELF,
      formAction: SELF,
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

export interface CrmUiAppOptions {
  config: CrmUiConfig;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
}

/** The crm-ui HTTP app: kit health/metrics, security headers, the built SPA and its fallback. */
export function createCrmUiApp({ config, logger, metrics, lifecycle }: CrmUiAppOptions): Express {
  const webDir = path.resolve(config.WEB_DIR);
  const assetsDir = path.join(webDir, 'assets');
  const indexFile = path.join(webDir, 'index.html');
  const pagesServed = metrics.counter(
    'crm_ui_pages_served_total',
    'index.html answers, by client route',
    ['page'],
  );
  // Not ready without a build: a pod must not take traffic it can only answer with 503.
  lifecycle.addReadinessCheck('web build', () => access(indexFile));

  const app = createServiceApp({
    service: SERVICE_NAME,
    logger,
    metrics,
    lifecycle,
    bodyLimit: config.BODY_LIMIT,
  });
  app.use(helmet(securityHeaders));

  const assetCache = `public, max-age=${config.ASSET_MAX_AGE_SECONDS}, immutable`;
  const staticCache = `public, max-age=${config.STATIC_MAX_AGE_SECONDS}`;
  const sendIndex = (res: Response) =>
    new Promise<void>((resolve, reject) => {
      res.sendFile(
        indexFile,
        // index.html names the hashed bundles, so it must be revalidated on every load.
        { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } },
        (err?: NodeJS.ErrnoException) => {
          if (!err || res.headersSent) resolve();
          else if (err.code === 'ENOENT')
            reject(
              serviceUnavailable(
                'WEB_APP_NOT_BUILT',
                'the web app is not built: run `yarn workspace @globalretail/crm-ui run build:web`',
              ),
            );
          else reject(err);
        },
      );
    });

  const api = new ApiRouter({
    title: SERVICE_NAME,
    version: '1.0.0',
    description:
      'The customer dashboard: serves the React single-page app (sign in, products, cart, ' +
      'checkout, orders, shipment status). Its data comes from the other services through the gateway.',
  });
  const pageSummaries: Record<(typeof PAGE_ROUTES)[number], string> = {
    '/': 'Products with live availability (index.html, Cache-Control: no-cache)',
    '/login': 'Sign-in page (SPA fallback: index.html)',
    '/cart': 'Cart and checkout (SPA fallback: index.html)',
    '/orders': 'Order history (SPA fallback: index.html)',
    '/orders/:id': 'One order with live shipment status (SPA fallback: index.html)',
  };
  for (const route of PAGE_ROUTES) {
    api.route(
      {
        method: 'get',
        path: route,
        summary: pageSummaries[route],
        tags: ['pages'],
        ...(route.includes(':id') ? { params: z.object({ id: z.string() }) } : {}),
        responses: {
          200: { description: 'text/html: the app shell' },
          503: { description: 'WEB_APP_NOT_BUILT' },
        },
      },
      async (_req, res) => {
        pagesServed.inc({ page: route });
        await sendIndex(res);
      },
    );
  }
  api.route(
    {
      method: 'get',
      path: '/assets/:file',
      summary: `Hashed JS/CSS bundles (Cache-Control: ${assetCache})`,
      tags: ['assets'],
      params: z.object({ file: z.string() }),
      responses: {
        200: { description: 'The file' },
        404: { description: 'NOT_FOUND: no such asset (never the HTML shell)' },
      },
    },
    // express.static answers every file that exists; only misses reach this handler.
    (_req, _res, { params }) => {
      throw notFound('asset', params.file);
    },
  );
  const openapi = api.document();
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use(
    express.static(webDir, {
      index: false,
      redirect: false,
      setHeaders(res, filePath) {
        if (filePath === indexFile) res.setHeader('Cache-Control', 'no-cache');
        else if (path.dirname(filePath) === assetsDir) res.setHeader('Cache-Control', assetCache);
        else res.setHeader('Cache-Control', staticCache);
      },
    }),
  );
  app.use(api.router);
  return finishApp(app);
}
