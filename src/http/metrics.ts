/** The metrics' HTTP side: every request timed by its route pattern, and GET /metrics for the scraper (the registry is outbound/metrics.ts). */
import { Router, type RequestHandler } from 'express';
import { constantTimeEqual, sha256Hex } from '../domain/crypto.js';
import { notFound, unauthenticated } from '../errors.js';
import type { ServiceMetrics } from '../outbound/metrics.js';
import { allowOnly } from './method-not-allowed.js';

/** Times every request; labels it by the route pattern it matched ("unmatched" otherwise), never by its path. */
export function requestMetrics(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.observeRequest(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** GET /metrics with `Authorization: Bearer <HANDOVER_METRICS_TOKEN>`; 404 when no token is configured. */
export function metricsRouter(metrics: ServiceMetrics, token: string | undefined): Router {
  const router = Router();
  const expected = token ? Buffer.from(sha256Hex(token), 'hex') : undefined;
  router
    .route('/metrics')
    .get(async (req, res) => {
      if (!expected) throw notFound('no route matches this path');
      const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !constantTimeEqual(expected, Buffer.from(sha256Hex(given), 'hex'))) throw unauthenticated('send the metrics token as "Authorization: Bearer <token>"');
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    })
    .all(allowOnly('GET', 'HEAD'));
  return router;
}
