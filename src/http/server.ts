/**
 * The HTTP server around the app, with the limits that keep slow clients from holding it:
 * a whole-request deadline, a deadline for the headers, and a check interval short enough for
 * those deadlines to take effect on time (Node's default checks only every 30 s).
 */
import http from 'node:http';
import type { Express } from 'express';
import type { Config } from '../config.js';

export function createHttpServer(app: Express, config: Pick<Config, 'requestTimeoutMs'>): http.Server {
  const server = http.createServer({ connectionsCheckingInterval: Math.min(1000, Math.ceil(config.requestTimeoutMs / 2)) }, app);
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = Math.min(config.requestTimeoutMs, 20_000);
  // An idle kept-alive connection is not a client we are waiting for.
  server.keepAliveTimeout = 5_000;
  return server;
}
