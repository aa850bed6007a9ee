import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Metrics } from './metrics-registry.ts'

/** Counts and times every request by its route pattern (bounded label values, never the name). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const stop = metrics.httpDuration.startTimer()
    await next()
    const route = c.res.status === 404 && routePath(c) === '/*' ? 'unmatched' : routePath(c)
    countRequest(metrics, stop, c.req.method, route, c.res.status)
  }
}

/**
 * Records one answered request: its duration (`stop`, from `httpDuration.startTimer()`) and its
 * count, by method, route pattern and status. Shared by the middleware and the manager's lane
 * for status reads, so both count alike.
 */
export function countRequest(
  metrics: Metrics,
  stop: (labels: { method: string; route: string }) => void,
  method: string,
  route: string,
  status: number
): void {
  const labels = { method, route }
  stop(labels)
  metrics.httpRequests.inc({ ...labels, status: String(status) })
}
