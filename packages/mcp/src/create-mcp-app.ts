import { DEFAULT_LIMITS } from '@mcp-lifecycle/core'
import { callerContext, createBaseApp, type HandlerDeps } from '@mcp-lifecycle/handlers'
import { describeRoute } from 'hono-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMcpServer } from './create-mcp-server.ts'
import { jsonRpcError } from './json-rpc-error.ts'
import { originGuard } from './origin-guard.ts'
import { serveMcpRequest } from './serve-mcp-request.ts'
import { createTools } from './tools.ts'

export interface McpAppDeps extends HandlerDeps {
  /** Browser origins allowed besides loopback ones (e.g. a web agent console). */
  allowedOrigins?: readonly string[]
  /** Aborted on shutdown: tool calls still waiting end with a tool error to retry. */
  shutdownSignal?: AbortSignal
}

/** Tool arguments are a name and a few scalars; nothing legitimate comes near this. */
const MAX_BODY_BYTES = 1024 * 1024

/**
 * POST /mcp: the lifecycle tools over the Streamable HTTP transport, stateless. GET (the
 * standalone SSE stream) and DELETE (session end) answer 405, as the transport specification
 * says for a server that offers neither.
 */
export function createMcpApp(deps: McpAppDeps) {
  const tools = createTools(deps.limits ?? DEFAULT_LIMITS)
  const createServer = (c: Context) => () =>
    createMcpServer({
      backend: deps.backend,
      tools,
      caller: callerContext(c, deps),
      ...(deps.shutdownSignal && { shutdownSignal: deps.shutdownSignal }),
    })
  return createBaseApp(deps)
    .use('/mcp', originGuard(deps.allowedOrigins))
    .post(
      '/mcp',
      describeRoute({
        summary: 'MCP over Streamable HTTP (stateless): the five lifecycle tools',
        description:
          'JSON-RPC 2.0 messages of the Model Context Protocol, one per POST (a batch answers 400): initialize, tools/list, tools/call (list_mcp_servers, get_mcp_status, start_mcp, stop_mcp, scale_mcp). Answers JSON, or an SSE stream when the call asks for progress.',
        tags: ['mcp'],
        responses: {
          200: { description: 'JSON-RPC response (application/json or text/event-stream)' },
        },
      }),
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => jsonRpcError(413, -32600, 'Request body too large.'),
      }),
      (c) => serveMcpRequest(c.req.raw, createServer(c))
    )
    .all('/mcp', () => {
      const response = jsonRpcError(
        405,
        -32000,
        'Method not allowed: send JSON-RPC messages with POST.'
      )
      response.headers.set('Allow', 'POST')
      return response
    })
}
