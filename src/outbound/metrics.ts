/**
 * Prometheus metrics for operators (prom-client): requests by route and status with latency,
 * audit events (so submissions) by action and outcome, audit append latency, database command
 * latency, notification deliveries, the outbox's depth, and the process's own figures. Labels
 * are closed sets (route patterns, problem codes, command names): never an id, a name or
 * anything a client chose. Served at GET /metrics only with HANDOVER_METRICS_TOKEN (http/metrics.ts);
 * the registry lives here, outside http/, because storage, the audit log and the dispatcher feed it too.
 */
import client from 'prom-client';

export interface ServiceMetrics {
  readonly registry: client.Registry;
  /** One answered HTTP request: its route pattern (never the path with ids), status and duration. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** One audit event appended: its action and outcome (`ok`, `denied`, `rejected:<code>`), and how long the append took. */
  observeAuditAppend(action: string, outcome: string, seconds: number): void;
  /** One database command: its name, duration and whether it failed. */
  observeDbCommand(command: string, seconds: number, failed: boolean): void;
  /** One notification delivery attempt. */
  observeDelivery(delivered: boolean): void;
}

/** Request latency buckets: a feed page in milliseconds to a slow PDF in seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The metrics of one service process; `outboxPending` is asked at each scrape. */
export function createMetrics(o: {
  outboxPending: () => Promise<number>;
  /** Credentials and signing keys by state (active, expiring, expired, revoked, not yet valid), asked at each scrape. */
  lifecycleCounts: () => Promise<{ credentials: Record<string, number>; keys: Record<string, number> }>;
}): ServiceMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({ name: 'handover_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new client.Histogram({ name: 'handover_http_request_duration_seconds', help: 'HTTP request duration by method and route pattern', labelNames: ['method', 'route'], buckets: HTTP_BUCKETS, registers: [registry] });
  const auditEvents = new client.Counter({ name: 'handover_audit_events_total', help: 'audit events appended, by action and outcome (submissions: action handover.submit; rejections name their problem code)', labelNames: ['action', 'outcome'], registers: [registry] });
  const auditLatency = new client.Histogram({ name: 'handover_audit_append_duration_seconds', help: 'time to append one audit event (the request waits for it)', buckets: DB_BUCKETS, registers: [registry] });
  const dbLatency = new client.Histogram({ name: 'handover_db_command_duration_seconds', help: 'database command duration by command name', labelNames: ['command'], buckets: DB_BUCKETS, registers: [registry] });
  const dbFailures = new client.Counter({ name: 'handover_db_command_failures_total', help: 'database commands that failed, by command name', labelNames: ['command'], registers: [registry] });
  const deliveries = new client.Counter({ name: 'handover_webhook_deliveries_total', help: 'notification delivery attempts by result', labelNames: ['result'], registers: [registry] });
  new client.Gauge({
    name: 'handover_webhook_outbox_pending',
    help: 'notifications waiting to be delivered (asked at each scrape)',
    registers: [registry],
    async collect() {
      this.set(await o.outboxPending());
    },
  });
  // Both gauges come from one read of the registry per scrape: the first to be collected asks, the other uses its answer.
  let counts: Promise<{ credentials: Record<string, number>; keys: Record<string, number> }> | undefined;
  const lifecycle = () => (counts ??= o.lifecycleCounts().finally(() => setTimeout(() => (counts = undefined), 0)));
  new client.Gauge({
    name: 'handover_credentials',
    help: 'API credentials by state: active, expiring (ends within HANDOVER_EXPIRY_WARNING_DAYS), expired, revoked',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries((await lifecycle()).credentials)) this.set({ state }, n);
    },
  });
  new client.Gauge({
    name: 'handover_signing_keys',
    help: 'registered signing keys by state: not-yet-valid, active, expiring (ends within HANDOVER_EXPIRY_WARNING_DAYS), expired, revoked',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries((await lifecycle()).keys)) this.set({ state }, n);
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    observeAuditAppend(action, outcome, seconds) {
      auditEvents.inc({ action, outcome });
      auditLatency.observe(seconds);
    },
    observeDbCommand(command, seconds, failed) {
      dbLatency.observe({ command }, seconds);
      if (failed) dbFailures.inc({ command });
    },
    observeDelivery(delivered) {
      deliveries.inc({ result: delivered ? 'delivered' : 'failed' });
    },
  };
}
