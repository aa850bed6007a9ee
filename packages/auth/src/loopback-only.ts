import { LifecycleError } from '@mcp-lifecycle/core'
import type { Context, MiddlewareHandler } from 'hono'
import { isLoopbackOrigin } from './loopback-origin.ts'

/**
 * When the operator turns authentication off (see runtime's settings): only this machine's own clients may act. Binding 127.0.0.1 is not enough
 * (issue 26): a local browser page can POST across sites, or rebind DNS. So Host, and Origin
 * when sent, must be loopback on the port served (403), and a POST or a request with a body
 * must be JSON (415), which a cross-site page cannot send without a preflight (nothing here
 * answers one).
 */
export function loopbackOnly(): MiddlewareHandler {
  return async (c, next) => {
    const { port, host } = target(c)
    if (host === undefined || !isLoopbackOrigin(`http://${host}`, port))
      throw forbidden(`Host ${JSON.stringify(host ?? '')} is not this machine's loopback address.`)
    const origin = c.req.header('origin')
    if (origin !== undefined && !isLoopbackOrigin(origin, port))
      throw forbidden(`Requests from origin ${JSON.stringify(origin)} are not allowed.`)
    if (needsJson(c) && !isJson(c.req.header('content-type')))
      throw new LifecycleError(
        'unsupported-media-type',
        'content-type: a POST or a body must be sent as application/json.',
        { field: 'content-type' }
      )
    return next()
  }
}

function forbidden(detail: string) {
  return new LifecycleError('forbidden', detail, { title: 'Not a loopback request' })
}

/**
 * The Host sent and the port the request came in on, from @hono/node-server's socket. Without
 * a socket (an in-process `app.request`), the Request's URL stands for both.
 */
function target(c: Context): { port: number; host: string | undefined } {
  const env = c.env as { incoming?: { socket?: { localPort?: number } } } | undefined
  const socketPort = env?.incoming?.socket?.localPort
  if (socketPort !== undefined) return { port: socketPort, host: c.req.header('host') }
  const url = new URL(c.req.url)
  return { port: url.port ? Number(url.port) : 80, host: c.req.header('host') ?? url.host }
}

function needsJson(c: Context): boolean {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return false
  const hasBody =
    c.req.header('transfer-encoding') !== undefined ||
    Number(c.req.header('content-length') ?? 0) > 0
  return c.req.method === 'POST' || hasBody
}

function isJson(contentType: string | undefined): boolean {
  const essence = contentType?.split(';', 1)[0]!.trim().toLowerCase() ?? ''
  return essence === 'application/json' || /^application\/[\w.-]+\+json$/.test(essence)
}
