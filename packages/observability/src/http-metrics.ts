import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Metrics } from './metrics-registry.ts'

/** Counts and times every request by its route pattern (bounded label values, never the name). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const route = c.res.status === 404 && routePath(c) === '/*' ? 'unmatched' : routePath(c)
    countRequest(metrics, started, c.req.method, route, c.res.status)
  }
}

/**
 * Records one answered request that began at `started` (performance.now()): its duration and
 * its count, by method, route pattern and status. Shared by the middleware and the manager's
 * lane for status reads, so both count alike.
 */
export function countRequest(
  metrics: Metrics,
  started: number,
  method: string,
  route: string,
  status: number
): void {
  metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000)
  metrics.httpRequests.inc({ method, route, status: String(status) })
}
