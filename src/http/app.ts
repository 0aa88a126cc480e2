import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { pingDatabase } from '../db/connection.ts';
import type { Logger } from '../core/log.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { bearerToken, sameSecret } from './same-secret.ts';
import type { Metrics } from '../core/metrics.ts';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

export interface HttpDeps {
  /** express's `trust proxy` (TRUST_PROXY): false unless a reverse proxy sets X-Forwarded-For. */
  trustProxy?: boolean | number | string;
  /** METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <it>` (401 otherwise). */
  metricsToken?: string;
  conn: Connection;
  log: Logger;
  metrics: Metrics;
  /** Feature routers, mounted in order after the health routes. */
  mount: ((app: Express) => void)[];
}

/**
 * The express app: request ids and per-request child loggers, health/readiness/metrics, the
 * features' routes, then the JSON 404 and error handlers. Body parsing is left to each router,
 * because webhooks need the raw bytes for signature checks and each boundary sets its own limit.
 */
export function createHttpApp({ conn, log, metrics, mount, trustProxy = false, metricsToken }: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Trusting X-Forwarded-For from anyone would let a client pick its own address (and dodge the
  // failed-login throttle, or aim it at staff); only a configured proxy is believed.
  app.set('trust proxy', trustProxy);

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    req.log = log.child({ reqId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path as string}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      req.log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = await pingDatabase(conn);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', database: ok ? 'up' : 'down' });
  });
  app.get('/metrics', async (req, res) => {
    if (metricsToken && !sameSecret(bearerToken(req.get('authorization')) ?? '', metricsToken)) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'metrics need the METRICS_TOKEN bearer token' } });
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // Staff API answers carry personal data: never cached by a browser or proxy, never sniffed.
  app.use('/api', (_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });

  for (const m of mount) m(app);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

