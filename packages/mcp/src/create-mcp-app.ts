import { DEFAULT_LIMITS } from '@mcp-lifecycle/core'
import {
  admitStream,
  callScope,
  createBaseApp,
  limitBody,
  streamSlotsOf,
  type HandlerDeps,
} from '@mcp-lifecycle/http-kit'
import { createMcpHandler, type AuthInfo, type ServerEventBus } from '@modelcontextprotocol/server'
import { describeRoute } from 'hono-openapi'
import { callerOf, toAuthInfo } from './caller-auth-info.ts'
import { createMcpServer } from './create-mcp-server.ts'
import { answerToolCall, recognizeToolCall } from './direct-tool-call.ts'
import { jsonRpcError } from './json-rpc-error.ts'
import { createListenHandlers } from './listen-handlers.ts'
import { originGuard } from './origin-guard.ts'
import { serveMcpRequest } from './serve-mcp-request.ts'
import { serveListen } from './serve-listen.ts'
import { createStatusEvents } from './status-event-bus.ts'
import { createTools } from './tools.ts'

export interface McpAppDeps extends HandlerDeps {
  /** Browser origins allowed besides loopback ones (e.g. a web agent console). */
  allowedOrigins?: readonly string[]
  /** Aborted on shutdown: tool calls still waiting end with a tool error to retry. */
  shutdownSignal?: AbortSignal
}

/** Tool arguments are a name and a few scalars; nothing legitimate comes near this. */
const MAX_BODY_BYTES = 1024 * 1024

/** How /docs describes POST /mcp. */
const MCP_ROUTE = describeRoute({
  summary: 'MCP over Streamable HTTP (stateless): the five lifecycle tools',
  description:
    "JSON-RPC 2.0 messages of the Model Context Protocol, revisions 2026-07-28 (server/discover, per-request _meta, subscriptions/listen) and 2025-11-25 (initialize), one per POST (a batch answers 400): tools/list, tools/call (list_mcp_servers, get_mcp_status, start_mcp, stop_mcp, scale_mcp), and the servers' status as resources. Answers JSON, or an SSE stream when the call sends progress or listens for changes.",
  tags: ['mcp'],
  responses: {
    200: { description: 'JSON-RPC response (application/json or text/event-stream)' },
  },
})

/**
 * POST /mcp: the lifecycle tools over the Streamable HTTP transport, stateless, for clients of
 * both protocol eras (2026-07-28 and 2025-11-25), on the SDK's createMcpHandler. GET (the
 * standalone SSE stream of 2025) and DELETE (session end) answer 405, as the transport
 * specification says for a server that offers neither.
 */
export function createMcpApp(deps: McpAppDeps) {
  const tools = createTools(deps.limits ?? DEFAULT_LIMITS)
  const toolsByName = new Map(tools.map((tool) => [tool.name as string, tool]))
  const createServer = (authInfo: AuthInfo | undefined, statusUpdates: boolean) => {
    const caller = callerOf(authInfo)
    return createMcpServer({
      services: deps,
      tools,
      scope: caller?.scope,
      logError: caller?.logError,
      statusUpdates,
    })
  }
  // 2025-11-25 requests never reach these (serveMcpRequest routes them), hence 'reject'. Every
  // one offers status updates (server/discover says so); only the listen handlers' buses carry any.
  const modernHandler = (bus?: ServerEventBus) =>
    createMcpHandler(({ authInfo }) => createServer(authInfo, true), {
      legacy: 'reject',
      maxRequestBodySize: MAX_BODY_BYTES,
      ...(bus && { bus }),
    })
  const statusEvents = createStatusEvents(deps)
  const listenHandlerFor = createListenHandlers(
    (pattern) => statusEvents.forPattern(pattern),
    modernHandler
  )
  const slots = streamSlotsOf(deps)
  const legacyServer = (authInfo: AuthInfo) => createServer(authInfo, false)
  const handler = modernHandler()
  return createBaseApp(deps)
    .use('/mcp', originGuard(deps.allowedOrigins))
    .post(
      '/mcp',
      MCP_ROUTE,
      // A declared length is checked alone: hono's bodyLimit would stream every body through
      // web streams (limit-body.ts).
      limitBody(MAX_BODY_BYTES, () => jsonRpcError(413, -32600, 'Request body too large.')),
      (c) => {
        const scope = callScope(c)
        const logError = deps.logError && ((error: unknown) => deps.logError!(error, c))
        const authInfo = toAuthInfo({ scope, ...(logError && { logError }) })
        return serveMcpRequest(
          c.req.raw,
          {
            handler,
            createLegacyServer: legacyServer,
            serveToolCall: (request, body) => {
              const call = recognizeToolCall(request, body, toolsByName)
              if (!call) return undefined
              const env = { services: deps, scope, signal: request.signal }
              return answerToolCall(call, toolsByName, { ...env, ...(logError && { logError }) })
            },
            // Admitted first: over the stream bounds, a 503 problem with Retry-After.
            serveListen: (body) =>
              serveListen(
                c.req.raw,
                body,
                authInfo,
                listenHandlerFor(scope.principal?.servers),
                admitStream(c, deps, slots)
              ),
          },
          authInfo
        )
      }
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
