import {
  singlePageApp,
  type ApiRouter,
  type Lifecycle,
  type SinglePageApp,
} from '@globalretail/service-kit';
import type { Express } from 'express';

/** The dashboard's public path (the gateway routes it here unchanged). */
export const DASHBOARD_PREFIX = '/analytics/supply';

/**
 * The dashboard page and its built assets. The page is public (it holds no data); it signs
 * the operator in through /api/auth/login and reads /api/analytics/supply/* with the token.
 */
export function dashboardRoutes(
  app: Express,
  api: ApiRouter,
  options: { distDir: string; lifecycle: Lifecycle },
): SinglePageApp {
  const spa = singlePageApp({
    prefix: DASHBOARD_PREFIX,
    distDir: options.distDir,
    lifecycle: options.lifecycle,
  });
  app.use(spa.files);
  api.route(
    {
      method: 'get',
      path: DASHBOARD_PREFIX,
      summary: 'The supply-chain dashboard (HTML; sign-in and data happen in the page)',
      tags: ['pages'],
      responses: { 200: { description: 'HTML page' }, 503: { description: 'UI_NOT_BUILT' } },
    },
    (_req, res) => spa.sendPage(res),
  );
  return spa;
}
