import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Metrics } from './metrics-registry.ts'

/** Counts and times every request by its route pattern (bounded label values, never the name). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const stop = metrics.httpDuration.startTimer()
    await next()
    const route = c.res.status === 404 && routePath(c) === '/*' ? 'unmatched' : routePath(c)
    const labels = { method: c.req.method, route }
    stop(labels)
    metrics.httpRequests.inc({ ...labels, status: String(c.res.status) })
  }
}
