import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@globalretail/service-kit';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';

/** The page's public path; the gateway forwards it unchanged, so we serve it ourselves. */
export const DASHBOARD_PREFIX = '/analytics/sales';

/**
 * Security headers for everything we serve. The CSP allows only our own origin: no inline
 * scripts or styles (the built page has none; React and recharts set styles through the DOM,
 * which CSP does not restrict), no framing, no plugins.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * Serves the built dashboard under {@link DASHBOARD_PREFIX}: hashed assets cached for a year,
 * and the page itself (never cached) for the prefix and any client route below it. A path
 * that looks like a file but does not exist is a 404, not the page.
 */
export function mountDashboard(app: Express, distDir: string): void {
  const router = express.Router();
  router.use(
    express.static(distDir, {
      index: false,
      redirect: false,
      setHeaders(res, file) {
        const hashed = file.startsWith(path.join(distDir, 'assets') + path.sep);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  const page: RequestHandler = (req, res, next) => {
    if (path.extname(req.path)) return next();
    const index = path.join(distDir, 'index.html');
    if (!existsSync(index)) {
      throw new AppError(
        503,
        'DASHBOARD_NOT_BUILT',
        'the dashboard has not been built (yarn workspace @globalretail/crm-analytics run build:web)',
      );
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  };
  router.get('{/*path}', page);
  app.use(DASHBOARD_PREFIX, router);
}
