import { LifecycleError } from '@mcp-lifecycle/core'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * Refuses a request body over `maxBytes` before any handler reads it: 413, a problem, unless
 * `onTooLarge` answers otherwise (the MCP endpoint answers a JSON-RPC error).
 *
 * hono's bodyLimit makes @hono/node-server build a fetch Request and stream the body through
 * web streams (issue 18), so it counts only a chunked body. A declared Content-Length is checked
 * alone (Node's parser reads no more); GET and HEAD pass, since no route reads their body.
 */
export function limitBody(
  maxBytes: number,
  onTooLarge?: (c: Context) => Response | Promise<Response>
): MiddlewareHandler {
  const tooLarge =
    onTooLarge ??
    (() => {
      throw new LifecycleError('payload-too-large', `The body exceeds ${maxBytes} bytes.`)
    })
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const declared = c.req.header('content-length')
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined)
      return streamed(c, next)
    if (Number(declared) > maxBytes) return tooLarge(c)
    await next()
  }
}
