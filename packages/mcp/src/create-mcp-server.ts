import {
  DEFAULT_LIMITS,
  type CallScope,
  type Limits,
  type OperationServices,
} from '@mcp-lifecycle/core'
import { Server } from '@modelcontextprotocol/server'
import { callTool } from './call-tool.ts'
import { serveStatusResources } from './status-resources.ts'
import { createTools, type ToolDefinition } from './tools.ts'

/** What the MCP server is built from. */
export interface McpServerDeps {
  /**
   * What the process offers every operation: the backend, the pods (a start then fails fast
   * with why a pod cannot start), audit, bounds, and the shutdown signal (waits in progress
   * end with a tool error to retry).
   */
  services: OperationServices
  limits?: Limits
  /** Unexpected failures (logged, never shown to the client); the default writes to stderr. */
  logError?: ((error: unknown) => void) | undefined
  /** The tool set, when the caller builds it once for many servers (one per HTTP request). */
  tools?: ToolDefinition[]
  /** Who calls, as the HTTP layer authenticated them. */
  scope?: CallScope | undefined
  /**
   * Whether this instance can deliver resource updates (notifications/resources/updated) to the
   * client: a 2026-07-28 subscriptions/listen stream, or a 2025-11-25 stdio connection. A
   * stateless 2025-11-25 HTTP request cannot (no session, no stream after the response).
   */
  statusUpdates?: boolean
}

export const SERVER_INFO = {
  name: 'mcp-lifecycle',
  title: 'MCP server lifecycle manager',
  version: '0.1.0',
}

const INSTRUCTIONS =
  'Manages MCP servers that run as Kubernetes Deployments. Call list_mcp_servers to see them, start_mcp to wake one before you use it, and stop_mcp to put it back to sleep when you are done. Each server is also a resource (mcp-lifecycle://servers/{name}; in another managed namespace, mcp-lifecycle://namespaces/{namespace}/servers/{name}) to subscribe to for status changes.'

/**
 * The tool list changes only with the configuration (limits): one deployment answers every
 * caller the same, so shared caches may keep it a few minutes (2026-07-28 caching hints).
 */
const TOOLS_LIST_CACHE = { ttlMs: 300_000, cacheScope: 'public' } as const

/**
 * The lifecycle operations as an MCP server with five tools and the servers' status as
 * resources, on the SDK's low-level Server: the tools' JSON Schemas come from core's valibot
 * schemas, not from zod. One instance serves one request (HTTP) or one connection (stdio), of
 * either protocol era.
 */
export function createMcpServer(deps: McpServerDeps): Server {
  const tools = deps.tools ?? createTools(deps.limits ?? DEFAULT_LIMITS)
  const byName = new Map(tools.map((tool) => [tool.name as string, tool]))
  const listing = tools.map((tool) => tool.listing)
  const server = new Server(SERVER_INFO, {
    capabilities: {
      tools: { listChanged: false },
      resources: { listChanged: false, subscribe: deps.statusUpdates ?? false },
    },
    instructions: INSTRUCTIONS,
    cacheHints: { 'tools/list': TOOLS_LIST_CACHE },
  })
  server.setRequestHandler('tools/list', () => ({ tools: listing }))
  server.setRequestHandler('tools/call', (request, ctx) =>
    callTool(byName, request.params, {
      services: deps.services,
      ...(deps.scope && { scope: deps.scope }),
      signal: ctx.mcpReq.signal,
      sendProgress: (params) => ctx.mcpReq.notify({ method: 'notifications/progress', params }),
      ...(deps.logError && { logError: deps.logError }),
    })
  )
  serveStatusResources(server, { services: deps.services, scope: deps.scope })
  return server
}
