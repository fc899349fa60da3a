/**
 * The web application at `/`: the files Vite built (dist/web), under a strict Content-Security-
 * Policy (only our own scripts, styles and connections; no inline code, no frames) and the usual
 * security headers (helmet). Any other page path gets the application's index, which routes in the
 * browser. The API, health, metrics and docs paths are never answered here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import helmet from 'helmet';

export const WEB_APP_DIR = path.resolve(fileURLToPath(new URL('../../dist/web', import.meta.url)));

const NOT_PAGES = /^\/(v1|\.well-known|docs|healthz|readyz|metrics)(\/|$)/;

export function webAppRouter(dir = WEB_APP_DIR): Router {
  const router = Router();
  router.use(
    helmet({
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
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: true,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  const index = path.join(dir, 'index.html');
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PAGES.test(req.path) || path.extname(req.path) !== '') return next();
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('The web application is not built: run npm run build:web (npm start builds it).\n');
      return;
    }
    res.type('html').sendFile(index);
  });
  return router;
}
