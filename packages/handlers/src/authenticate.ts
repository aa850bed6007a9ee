import type { MiddlewareHandler } from 'hono'
import type { HandlerDeps } from './handler-deps.ts'

/**
 * Establishes who calls, from the Authorization header, before any route runs; a missing or
 * wrong credential ends the request with 401 (problem+json) and nothing else happens. Without
 * an authenticator (in-process tests) every caller is trusted.
 */
export function authenticate(deps: HandlerDeps): MiddlewareHandler {
  return async (c, next) => {
    if (deps.authenticator)
      c.set('principal', await deps.authenticator(c.req.header('authorization')))
    await next()
  }
}
