import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { HttpProblem } from './problems.js';

/** Where `npm run build` puts the adviser page (web/ built by Vite). */
export const WEB_APP_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * `/app/`: the adviser page's static files. Its assets carry content hashes, so they are
 * cached for good; the HTML is revalidated so a new build is picked up at once. The page is
 * plain files from this origin, so the API's Content-Security-Policy holds for it unchanged.
 */
export function webApp(dir: string = WEB_APP_DIR): RequestHandler {
  const files = express.static(dir, {
    index: 'index.html',
    redirect: true,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (req, res, next) => {
    if (!existsSync(dir))
      throw new HttpProblem(
        404,
        'not-found',
        'Not found',
        'The adviser page is not built; run `npm run build`.',
      );
    files(req, res, next);
  };
}
