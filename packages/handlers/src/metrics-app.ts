import { createBaseApp, type HandlerDeps } from './handler-deps.ts'
import type { Metrics } from './metrics-registry.ts'

/** GET /metrics in the Prometheus text format. */
export function createMetricsApp(metrics: Metrics, deps: HandlerDeps) {
  return createBaseApp(deps).get('/metrics', async (c) =>
    c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType })
  )
}
