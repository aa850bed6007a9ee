import { LifecycleError } from '@mcp-lifecycle/core'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * Refuses a request body over `maxBytes` (413, a problem) before any handler reads it.
 *
 * hono's bodyLimit looks at `c.req.raw.body`, which makes @hono/node-server build a whole fetch
 * Request and then stream the body through web streams: a tenth of the manager's work per cached
 * read, and web streams' first use inside a function's cold start (issue 18). So it only does
 * what needs it, a body of unknown length (chunked), counted as it streams. No route reads the
 * body of a GET or HEAD. A declared Content-Length is all Node's parser reads as the body, so it
 * is checked alone, and the handler then reads the body straight from the socket.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new LifecycleError('payload-too-large', `The body exceeds ${maxBytes} bytes.`)
  }
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const declared = c.req.header('content-length')
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined)
      return streamed(c, next)
    return Number(declared) > maxBytes ? tooLarge() : next()
  }
}
