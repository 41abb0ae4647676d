/** Prometheus metrics through prom-client (the de-facto Node client). @module */
import { Registry, Counter, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';

export function createMetrics(queryCount: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'authgraph_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'authgraph_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'authgraph_db_queries_total',
    help: 'SQL statements sent to the database since start',
    registers: [registry],
    collect() {
      this.set(queryCount());
    },
  });
  return {
    registry,
    observe(route: string, status: number, seconds: number) {
      requests.inc({ route, status: String(status) });
      duration.observe({ route }, seconds);
    },
  };
}
