/** Builds the express app from its dependencies: middleware order, routers, 404, problems. No I/O here. */
import express, { type Express } from 'express';
import type { Deps } from './deps.js';
import { adminRouter } from './http/admin.routes.js';
import { handoversRouter } from './http/handovers.routes.js';
import { healthRouter } from './http/health.routes.js';
import { jwksRouter } from './http/jwks.routes.js';
import { webhooksRouter } from './http/webhooks.routes.js';
import { childServicesRouter } from './http/child-services.routes.js';
import { figuresRouter } from './http/figures.routes.js';
import { funnelRouter } from './http/funnel.routes.js';
import { retentionRouter } from './http/retention.routes.js';
import { transfersRouter } from './http/transfers.routes.js';
import { webAppRouter } from './http/web-app.routes.js';
import { webSessionRouter } from './http/web-session.routes.js';
import { draftsRouter } from './http/drafts.routes.js';
import { questionsRouter } from './http/questions.routes.js';
import { recipientsRouter } from './http/recipients.routes.js';
import { jsonBody } from './http/json-body.js';
import { metricsRouter, requestMetrics } from './http/metrics.js';
import { createProblemHandler, notFoundHandler } from './http/problem.js';
import { requestLogging } from './http/request-logging.js';
import { openApiRouter } from './http/openapi.routes.js';
import { apiDescriptionOf } from './http/api-description.js';
import { schemasRouter } from './http/schemas.routes.js';
import { validateRouter } from './http/validate.routes.js';
import { admitValidation } from './http/caller.js';
import { refuseDeclaredOversize } from './http/declared-length.js';

export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Query parameters stay flat strings ("a[b]=1" is not turned into an object).
  app.set('query parser', 'simple');
  // X-Forwarded-For and -Proto only from the proxies the operator names (the client's address and scheme).
  app.set('trust proxy', deps.config.trustProxy === false ? false : typeof deps.config.trustProxy === 'number' ? deps.config.trustProxy : [...deps.config.trustProxy]);

  app.use(requestMetrics(deps.metrics));
  app.use(requestLogging(deps.logger));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    if (deps.lifecycle.shuttingDown) res.setHeader('Connection', 'close');
    next();
  });
  app.use(refuseDeclaredOversize(deps.config));
  app.use(healthRouter(deps.db, Math.min(2000, deps.config.dbTimeoutMs)));
  app.use(metricsRouter(deps.metrics, deps.config.metricsToken));
  app.use(openApiRouter(apiDescriptionOf(deps.standard)));
  app.use(schemasRouter(deps.standard));
  app.use(jwksRouter(deps.signer));
  // Signed submissions are read as exact bytes by their own routes, before any JSON parsing.
  app.use(handoversRouter(deps));
  // The dry run's fair share is taken before its body is read.
  app.use('/v1/validate', admitValidation(deps));
  app.use(jsonBody(deps.config.maxBodyBytes));
  app.use(validateRouter(deps.standard, deps.clock));
  app.use(adminRouter(deps));
  app.use(recipientsRouter(deps));
  app.use(questionsRouter(deps));
  app.use(figuresRouter(deps));
  app.use(funnelRouter(deps));
  app.use(childServicesRouter(deps));
  app.use(webhooksRouter(deps));
  app.use(retentionRouter(deps));
  app.use(transfersRouter(deps));
  app.use(webSessionRouter(deps));
  app.use(draftsRouter(deps));
  app.use(webAppRouter());

  app.use(notFoundHandler);
  app.use(createProblemHandler(deps.translateError));
  return app;
}
