import { serverNameParams } from '@mcp-lifecycle/core'
import {
  createBaseApp,
  createErrorHandler,
  validate,
  type HandlerDeps,
} from '@mcp-lifecycle/http-kit'
import type { Context } from 'hono'
import { ProxyUnavailable } from './proxy-errors.ts'

/** GET|POST|DELETE /servers/{name}/mcp: MCP Streamable HTTP, proxied by `proxy`. */
export function createMcpRoute(
  deps: HandlerDeps,
  proxy: (c: Context, name: string) => Promise<Response>
) {
  const baseOnError = createErrorHandler(deps.logError)
  const app = createBaseApp(deps)
  app.onError(async (error, c) => {
    const response = await baseOnError(error, c)
    if (error instanceof ProxyUnavailable) {
      response.headers.set('Retry-After', String(error.retryAfterSeconds))
    }
    return response
  })
  return app.on(
    ['GET', 'POST', 'DELETE'],
    '/servers/:name/mcp',
    validate('param', serverNameParams),
    (c) => proxy(c, c.req.valid('param').name)
  )
}
