/**
 * Prometheus metrics of the write path and the read side (prom-client), served at GET /metrics.
 * One registry per application, so two ledgers in one process (tests) never share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a gauge reads when scraped: set by the parts that know (the write path, the projector). */
export interface MetricSources {
  queueDepth: () => number;
  projectorLag: () => Promise<number>;
}

export class LedgerMetrics {
  readonly registry = new Registry();
  readonly writes = new Counter({
    name: 'ledger_writes_total',
    help: 'Commands whose events were appended',
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'ledger_refusals_total',
    help: 'Commands refused by a domain rule, by rule',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'ledger_conflicts_total',
    help: 'Expected-revision conflicts: stale If-Match (412), lost after every retry (409), retried without If-Match',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly writeSeconds = new Histogram({
    name: 'ledger_write_duration_seconds',
    help: 'Time from a command entering the write path to its events being durable and projected',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Adds the gauges read at scrape time, once the parts they read exist. */
  observe(sources: MetricSources): void {
    new Gauge({
      name: 'ledger_write_queue_depth',
      help: 'Commands waiting or running in the per-stream write queues',
      registers: [this.registry],
      collect() {
        this.set(sources.queueDepth());
      },
    });
    new Gauge({
      name: 'ledger_projector_lag_events',
      help: 'Events in the store not yet applied by the slowest read model',
      registers: [this.registry],
      async collect() {
        this.set(await sources.projectorLag());
      },
    });
  }
}
