import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type RequestHandler, type Response, type Router } from 'express';
import helmet from 'helmet';
import type { Lifecycle } from './app';
import { AppError, notFound } from './errors';

/**
 * Serving a built single-page app (Vite output) from a service: the UI services and the
 * analytics dashboards share this, so their caching and security rules cannot drift apart.
 */

/**
 * Security headers for pages: a Content-Security-Policy that allows only this origin (no
 * inline script or style elements, no eval, no framing; chart libraries set styles through
 * the CSSOM, which the policy does not restrict), no referrer (a tracking number in a URL must
 * not leak to other sites), and helmet's other defaults.
 */
export function pageSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'manifest-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export interface SpaOptions {
  /** Public prefix of the page, e.g. `/track` (Vite's `base` without the trailing slash). */
  prefix: string;
  /** The folder `vite build` wrote (index.html, assets/, public files). */
  distDir: string;
  lifecycle: Lifecycle;
}

export interface SinglePageApp {
  /** Static files under the prefix: hashed assets cached for a year, the rest revalidated. */
  files: Router;
  /** Answers with index.html (503 `UI_NOT_BUILT` when the build is missing). */
  sendPage(res: Response): Promise<void>;
  /** Every other GET under the prefix: the page for client routes, 404 for missing files. */
  fallback: RequestHandler;
}

/**
 * A built single-page app served under its prefix. Every GET under the prefix that is not a
 * file is answered with index.html so deep links work (the client reads the path). A missing
 * file is a real 404, never the page: a browser would try to run HTML as a script.
 */
export function singlePageApp(options: SpaOptions): SinglePageApp {
  const { prefix, distDir } = options;
  const indexFile = path.join(distDir, 'index.html');
  let page: Promise<string> | undefined;
  const loadPage = () => {
    page ??= readFile(indexFile, 'utf8').catch((err: unknown) => {
      page = undefined; // built later: look again next time
      throw err;
    });
    return page;
  };
  options.lifecycle.addReadinessCheck('web assets', () =>
    loadPage().catch(() => {
      throw new Error(`${indexFile} is missing: run build:web`);
    }),
  );

  const sendPage = async (res: Response) => {
    let html: string;
    try {
      html = await loadPage();
    } catch {
      throw new AppError(503, 'UI_NOT_BUILT', 'the page has not been built yet');
    }
    noCache(res);
    res.type('html').send(html);
  };

  const files = express.Router();
  files.use(
    `${prefix}/assets`,
    express.static(path.join(distDir, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
    (req, _res, next) => next(notFound('file', `${prefix}/assets${req.path}`)),
  );
  files.use(
    prefix,
    express.static(distDir, { index: false, redirect: false, setHeaders: (res) => noCache(res) }),
  );

  const fallback: RequestHandler = async (req, res, next) => {
    if (req.path !== prefix && !req.path.startsWith(`${prefix}/`)) return next();
    // A path naming a file (it has an extension) that the static handler did not find.
    if (path.extname(req.path) !== '') return next(notFound('file', req.path));
    await sendPage(res);
  };
  return { files, sendPage, fallback };
}

function noCache(res: Response) {
  res.setHeader('Cache-Control', 'no-cache');
}
