/**
 * Prometheus metrics through prom-client (the de-facto Node client). The two per-request
 * metrics (requests by route and status, duration by route) are plain counters in memory that
 * prom-client reads when /metrics is scraped: observing a request is a few array updates, with
 * none of prom-client's per-call label validation and hashing (which cost as much as the rest of
 * a cached `GET /v1/me`). The exposition is the same as prom-client's Counter and Histogram.
 * @module
 */
import { Registry, Gauge, collectDefaultMetrics, type MetricValueWithName } from 'prom-client';

/** Upper bounds of the request duration histogram's buckets (seconds). */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

/** One route's duration histogram: non-cumulative bucket counts (last: above every bound), sum and count. */
interface Durations {
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * A metric prom-client's registry can expose (its `get` is what `registry.metrics()` reads), built
 * from values this module keeps itself.
 */
function registered(
  registry: Registry,
  name: string,
  help: string,
  type: 'counter' | 'histogram',
  values: () => MetricValueWithName<string>[],
  reset: () => void,
): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum' as const,
    get: async () => ({ name, help, type, aggregator: 'sum' as const, values: values() }),
    reset,
  };
  registry.registerMetric(metric as never);
}

export function createMetrics(queryCount: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // requests by route and status: key `${route} ${status}` (routes are fixed names, no spaces)
  const requests = new Map<string, { route: string; status: string; count: number }>();
  const durations = new Map<string, Durations>();

  registered(
    registry,
    'authgraph_http_requests_total',
    'HTTP requests by route and status',
    'counter',
    () =>
      [...requests.values()].map(({ route, status, count }) => ({
        labels: { route, status },
        value: count,
        metricName: 'authgraph_http_requests_total',
      })),
    () => requests.clear(),
  );
  const durationName = 'authgraph_http_request_duration_seconds';
  registered(
    registry,
    durationName,
    'HTTP request duration by route',
    'histogram',
    () =>
      [...durations].flatMap(([route, d]) => {
        let cumulative = 0;
        const buckets = DURATION_BUCKETS.map((le, i) => {
          cumulative += d.buckets[i]!;
          return { labels: { le, route }, value: cumulative, metricName: `${durationName}_bucket` };
        });
        return [
          ...buckets,
          { labels: { le: '+Inf', route }, value: d.count, metricName: `${durationName}_bucket` },
          { labels: { route }, value: d.sum, metricName: `${durationName}_sum` },
          { labels: { route }, value: d.count, metricName: `${durationName}_count` },
        ];
      }),
    () => durations.clear(),
  );
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
    /** Counts one answered request of `route` with `status`, which took `seconds`. */
    observe(route: string, status: number, seconds: number) {
      const key = `${route} ${status}`;
      const counted = requests.get(key);
      if (counted) counted.count += 1;
      else requests.set(key, { route, status: String(status), count: 1 });
      let d = durations.get(route);
      if (!d) {
        d = { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
        durations.set(route, d);
      }
      let i = 0;
      while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
      d.buckets[i]! += 1;
      d.sum += seconds;
      d.count += 1;
    },
  };
}
