import path from 'node:path';
import express, { type Express } from 'express';
import { repoRoot } from '../core/repo-root.ts';

/**
 * The staff web console: static HTML, CSS and ES modules from ./public, no build step and nothing
 * from the internet. A strict Content-Security-Policy allows only this origin, so neither inline
 * scripts nor third-party assets can run even if some text staff typed were rendered carelessly.
 */
export const publicDir = path.join(repoRoot, 'src/admin/public');

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function mountConsole(app: Express): void {
  app.use('/admin', (_req, res, next) => {
    res.setHeader('content-security-policy', CONSOLE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    next();
  });
  app.use(
    '/admin',
    express.static(publicDir, {
      index: 'index.html',
      fallthrough: true,
      // Staff should get a new console as soon as it is deployed.
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
}
