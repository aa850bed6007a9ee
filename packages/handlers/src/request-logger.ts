import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'

/**
 * One structured line per request, carrying the request id (hono's requestId middleware sets
 * it, from X-Request-Id when the caller sent one). Headers and bodies are never logged, so
 * no token or secret can reach the log.
 */
export function requestLogger(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    logger.info(
      {
        reqId: c.get('requestId'),
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request'
    )
  }
}
