import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/** Every metric the manager exports, on its own registry (no global state between apps). */
export function createMetrics() {
  const registry = new Registry()
  let defaultsRegistered = false
  /**
   * The Prometheus text of every metric. Node's default metrics (process, heap, GC, event loop)
   * are registered at the first scrape, not at start: setting them up slowed every function's
   * cold start (issue 18). Their counters (CPU seconds, GC) count from then, as
   * they counted from their registration before; rates are unchanged.
   */
  const scrape = (): Promise<string> => {
    if (!defaultsRegistered) collectDefaultMetrics({ register: registry, prefix: 'mcpl_' })
    defaultsRegistered = true
    return registry.metrics()
  }
  const registers = [registry]
  return {
    registry,
    scrape,
    httpRequests: new Counter({
      name: 'mcpl_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'mcpl_http_request_duration_seconds',
      help: 'HTTP request latency, by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    kubernetesRequests: new Counter({
      name: 'mcpl_kubernetes_requests_total',
      help: 'Requests to the Kubernetes API server, by verb and outcome (HTTP code or "error")',
      labelNames: ['verb', 'outcome'] as const,
      registers,
    }),
    waitsInProgress: new Gauge({
      name: 'mcpl_waits_in_progress',
      help: 'Start or scale requests currently waiting for readiness',
      registers,
    }),
    scaleOperations: new Counter({
      name: 'mcpl_scale_operations_total',
      help: 'Scale calls to the cluster, by outcome ("ok" or the error kind)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    answeredAsleep: new Counter({
      name: 'mcpl_mcp_answered_asleep_total',
      help: 'MCP requests answered without waking a sleeping server (kept discovery), by revision era',
      labelNames: ['era'] as const,
      registers,
    }),
    wakes: new Counter({
      name: 'mcpl_mcp_wakes_total',
      help: 'Sleeping MCP servers woken by a request to /servers/{name}/mcp',
      registers,
    }),
    servers: new Gauge({
      name: 'mcpl_servers',
      help: 'MCP servers by status, as of the last list',
      labelNames: ['status'] as const,
      registers,
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
