import { CLIENT_CLOSED_REQUEST } from '@mcp-lifecycle/http-kit'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'

/**
 * One structured line per request, carrying the request id (hono's requestId middleware sets
 * it, from X-Request-Id when the caller sent one), also when the client goes away before the
 * answer (status 499, logged at once). Headers and bodies are never logged, so no token or
 * secret can reach the log.
 */
export function requestLogger(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    let logged = false
    const log = (status: number) => {
      if (logged) return
      logged = true
      logRequest(logger, started, () => ({
        reqId: c.get('requestId'),
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status,
      }))
    }
    const signal = c.req.raw.signal
    const onClientGone = () => log(CLIENT_CLOSED_REQUEST)
    signal.addEventListener('abort', onClientGone, { once: true })
    try {
      await next()
    } finally {
      signal.removeEventListener('abort', onClientGone)
      log(signal.aborted ? CLIENT_CLOSED_REQUEST : c.res.status)
    }
  }
}

/**
 * Writes the line of one request that began at `started` (performance.now()). Below the log
 * level, the line is not even built. Shared by the middleware and the manager's lane for status
 * reads, so both log alike.
 */
export function logRequest(
  logger: Logger,
  started: number,
  fields: () => { reqId: string | undefined; method: string; path: string; status: number }
): void {
  if (!logger.isLevelEnabled('info')) return
  logger.info({ ...fields(), ms: Math.round(performance.now() - started) }, 'request')
}
