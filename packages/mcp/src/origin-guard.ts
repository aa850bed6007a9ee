import type { MiddlewareHandler } from 'hono'
import { jsonRpcError } from './json-rpc-error.ts'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The Streamable HTTP transport's DNS-rebinding defence: a request whose Origin header is
 * present and not allowed is refused with 403. Allowed: no Origin (agents, CLIs and other
 * non-browser clients send none), a loopback origin (a local tool such as the MCP Inspector),
 * and the origins listed. A page's own origin is not trusted: after DNS rebinding, the attacker's
 * page and this server share it.
 */
export function originGuard(allowedOrigins: readonly string[] = []): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()))
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin === undefined || isAllowed(origin, allowed)) return next()
    return jsonRpcError(403, -32000, `Forbidden: requests from origin ${origin} are not allowed.`)
  }
}

function isAllowed(origin: string, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(origin.toLowerCase())) return true
  if (!URL.canParse(origin)) return false
  const url = new URL(origin)
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)
}
