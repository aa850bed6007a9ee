import { createBaseApp, withoutBearer, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import type { Metrics } from './metrics-registry.ts'

/** GET /metrics in the Prometheus text format. */
export function createMetricsApp(metrics: Metrics, deps: HandlerDeps) {
  return withoutBearer(createBaseApp(deps)).get('/metrics', async (c) =>
    c.text(await metrics.scrape(), 200, { 'Content-Type': metrics.registry.contentType })
  )
}
