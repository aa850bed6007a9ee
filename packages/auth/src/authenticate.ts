import type { MiddlewareHandler } from 'hono'
import type { Authenticator } from './authenticator.ts'

/**
 * Establishes who calls, from the Authorization header, before the route runs; a missing or
 * wrong credential ends the request with 401 (problem+json) and nothing else happens. Without
 * an authenticator (in-process tests) every caller is trusted.
 */
export function authenticate(authenticator: Authenticator | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (authenticator) c.set('principal', await authenticator(c.req.header('authorization')))
    await next()
  }
}
