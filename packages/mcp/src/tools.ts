import {
  DEFAULT_LIMITS,
  getServerStatus,
  listServers,
  scaleServer,
  serverListSchema,
  serverStatusViewSchema,
  startServer,
  stopServer,
  type Limits,
  type OperationContext,
} from '@mcp-lifecycle/core'
import type { Tool, ToolAnnotations } from '@modelcontextprotocol/server'
import type * as v from 'valibot'
import { toToolJsonSchema } from './to-tool-json-schema.ts'
import { createToolSchemas, type ToolName } from './tool-schemas.ts'

/** One MCP tool: what tools/list shows, the schema its arguments must pass, and the operation. */
export interface ToolDefinition<Input extends v.GenericSchema = v.GenericSchema> {
  name: ToolName
  /** Validates the arguments at call time; tools/list shows its JSON Schema. */
  input: Input
  /** The entry of tools/list, JSON Schemas included (converted once). */
  listing: Tool
  run(ctx: OperationContext, args: v.InferOutput<Input>): Promise<object>
}

interface ToolSpec<Input extends v.GenericSchema> {
  name: ToolName
  title: string
  description: string
  annotations: Omit<ToolAnnotations, 'title'>
  input: Input
  output: v.GenericSchema
  run(ctx: OperationContext, args: v.InferOutput<Input>): Promise<object>
}

function defineTool<Input extends v.GenericSchema>(spec: ToolSpec<Input>): ToolDefinition<Input> {
  const { name, title, description, annotations, input, output, run } = spec
  return {
    name,
    input,
    run,
    listing: {
      name,
      title,
      description,
      inputSchema: toToolJsonSchema(input),
      outputSchema: toToolJsonSchema(output),
      annotations: { title, ...annotations },
    },
  }
}

// Hints, as the spec defines them: read-only tools change nothing; destructive ones may remove
// something (pods, and the sessions they serve); idempotent ones change nothing more when called
// again with the same arguments. None reaches outside the cluster (openWorldHint false).
const READ = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
}

/** The five lifecycle tools; names, arguments and result keys match the Python manager's. */
export function createTools(limits: Limits = DEFAULT_LIMITS): ToolDefinition[] {
  const schemas = createToolSchemas(limits)
  return [
    defineTool({
      name: 'list_mcp_servers',
      title: 'List MCP servers',
      description:
        'List the MCP servers this manager controls, each with its status (running, stopped, scaling, pending or failed), desired and ready replica counts, and the endpoint URLs that reach it. Call this first to learn the names the other tools take. Changes nothing.',
      annotations: READ,
      input: schemas.list_mcp_servers,
      output: serverListSchema,
      run: (ctx) => listServers(ctx),
    }),
    defineTool({
      name: 'get_mcp_status',
      title: 'Get MCP server status',
      description:
        "Get one MCP server's detailed status: replica counts (desired, ready, available, updated), endpoints, time of last activity and its Deployment conditions. Use it to follow a server that is still starting, or to see why one failed. Changes nothing.",
      annotations: READ,
      input: schemas.get_mcp_status,
      output: serverStatusViewSchema,
      run: (ctx, { name }) => getServerStatus(ctx, name),
    }),
    defineTool({
      name: 'start_mcp',
      title: 'Start MCP server',
      description:
        'Wake a stopped MCP server before using it: scales it from 0 to 1 replica. A server that already has replicas is left as it is, so calling this again is safe. By default waits until the server is running (at most `timeout` seconds) and returns its status; then connect to one of its `endpoints`. Call stop_mcp when you are done with it.',
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      input: schemas.start_mcp,
      output: serverStatusViewSchema,
      run: (ctx, { name, ...request }) => startServer(ctx, name, request),
    }),
    defineTool({
      name: 'stop_mcp',
      title: 'Stop MCP server',
      description:
        'Put an MCP server back to sleep when you are done with it: scales it to 0 replicas, and its pods finish in-flight requests before they terminate. force=true deletes the pods at once, cutting off anyone still using the server. Stopping a stopped server changes nothing. Returns its status; wake it again with start_mcp.',
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: false,
      },
      input: schemas.stop_mcp,
      output: serverStatusViewSchema,
      run: (ctx, { name, ...request }) => stopServer(ctx, name, request),
    }),
    defineTool({
      name: 'scale_mcp',
      title: 'Scale MCP server',
      description: `Set how many replicas an MCP server runs, from 0 (stopped) to ${limits.maxReplicas}. Scaling down terminates pods; asking for the current count changes nothing. With wait_ready=true, waits until that many replicas are ready (at most \`timeout\` seconds). Returns its status.`,
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: false,
      },
      input: schemas.scale_mcp,
      output: serverStatusViewSchema,
      run: (ctx, { name, ...request }) => scaleServer(ctx, name, request),
    }),
  ]
}
