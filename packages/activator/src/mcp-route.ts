import { serverNameParams, type Principal } from '@mcp-lifecycle/core'
import {
  createBaseApp,
  createErrorHandler,
  validate,
  type HandlerDeps,
} from '@mcp-lifecycle/http-kit'
import type { Context } from 'hono'
import type { ProxyCall } from './proxy-call.ts'
import { ProxyUnavailable } from './proxy-errors.ts'

/** GET|POST|DELETE /servers/{name}/mcp: MCP Streamable HTTP, proxied by `proxy`. */
export function createMcpRoute(
  deps: HandlerDeps,
  proxy: (call: ProxyCall, name: string) => Promise<Response>
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
    async (c) => withRequestId(c, await proxy(proxyCallOf(c), c.req.valid('param').name))
  )
}

/** The request as the proxy sees it, from hono's context (its middleware ran before). */
export function proxyCallOf(c: Context): ProxyCall {
  const request = c.req.raw
  const url = c.req.url
  return {
    method: request.method,
    url: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
    headers: request.headers,
    principal: c.get('principal') as Principal | undefined,
    requestId: c.get('requestId') as string | undefined,
    namespace: c.req.param('namespace'),
    get signal() {
      return request.signal
    },
    body: async () => new Uint8Array(await c.req.arrayBuffer()),
  }
}

/**
 * A proxied answer is a Response of its own: hono drops the headers set on the context before
 * it, so the request id (hono's requestId middleware) is put back, as every other route has it.
 */
function withRequestId(c: Context, answer: Response): Response {
  const id = c.get('requestId' as never) as string | undefined
  if (id) answer.headers.set('x-request-id', id)
  return answer
}
