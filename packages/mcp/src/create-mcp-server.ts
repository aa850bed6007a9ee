import { DEFAULT_LIMITS, type LifecycleBackend, type Limits } from '@mcp-lifecycle/core'
import type { CallEnvironment } from './call-tool.ts'
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js'
import { callTool } from './call-tool.ts'
import { createTools, type ToolDefinition } from './tools.ts'

/** What the MCP server is built from. */
export interface McpServerDeps {
  backend: LifecycleBackend
  limits?: Limits
  /** Unexpected failures (logged, never shown to the client); the default writes to stderr. */
  logError?: (error: unknown) => void
  /** Aborted when the process stops: waits in progress end with a tool error to retry. */
  shutdownSignal?: AbortSignal
  /** The tool set, when the caller builds it once for many servers (one per HTTP request). */
  tools?: ToolDefinition[]
  /** Who calls, as the HTTP layer authenticated them, and the bounds on them. */
  caller?: CallEnvironment['caller']
}

export const SERVER_INFO = {
  name: 'mcp-lifecycle',
  title: 'MCP server lifecycle manager',
  version: '0.1.0',
}

const INSTRUCTIONS =
  'Manages MCP servers that run as Kubernetes Deployments. Call list_mcp_servers to see them, start_mcp to wake one before you use it, and stop_mcp to put it back to sleep when you are done.'

/**
 * The lifecycle operations as an MCP server with five tools, on the SDK's low-level Server: the
 * tools' JSON Schemas come from core's valibot schemas, not from zod. Connect it to any transport.
 */
export function createMcpServer(deps: McpServerDeps): Server {
  const tools = deps.tools ?? createTools(deps.limits ?? DEFAULT_LIMITS)
  const byName = new Map(tools.map((tool) => [tool.name as string, tool]))
  const listing = tools.map((tool) => tool.listing)
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
  })
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing }))
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    callTool(byName, request.params, {
      backend: deps.backend,
      ...(deps.caller && { caller: deps.caller }),
      signal: deps.shutdownSignal
        ? AbortSignal.any([extra.signal, deps.shutdownSignal])
        : extra.signal,
      sendProgress: (params) =>
        extra.sendNotification({ method: 'notifications/progress', params }),
      ...(deps.logError && { logError: deps.logError }),
    })
  )
  return server
}
