import {
  createOperationContext,
  isLifecycleError,
  LifecycleError,
  type CallScope,
  type OperationServices,
} from '@mcp-lifecycle/core'
import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server'
import { parseArguments } from './parse-arguments.ts'
import { createProgressReporter } from './progress-reporter.ts'
import { toolError, type ToolCall } from './tool-error.ts'
import { toolResult } from './tool-result.ts'
import type { ToolDefinition } from './tools.ts'

/** A tools/call request's params, as the SDK hands them over. */
export interface CallParams {
  name: string
  arguments?: Record<string, unknown>
  _meta?: { progressToken?: string | number }
}

/** What a call runs with: its signal (client gone, or shutdown), and a way to notify the client. */
export interface CallEnvironment {
  /** What the process offers every operation (backend, pods, audit, bounds). */
  services: OperationServices
  /** The MCP request's signal (the client went away). */
  signal: AbortSignal
  /** Who calls, as the HTTP layer authenticated them. */
  scope?: CallScope
  sendProgress(update: {
    progressToken: string | number
    progress: number
    total: number
    message: string
  }): Promise<void>
  /** Failures the caller must not see in detail; the default writes to stderr. */
  logError?: (error: unknown) => void
}

/**
 * Runs one tools/call. Bad arguments and every lifecycle failure come back as tool errors
 * (isError) an agent can act on; only an unknown tool name is a protocol error (-32602), as the
 * MCP specification asks.
 */
export async function callTool(
  tools: ReadonlyMap<string, ToolDefinition>,
  params: CallParams,
  env: CallEnvironment
): Promise<CallToolResult> {
  const tool = tools.get(params.name)
  if (!tool) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Unknown tool '${params.name}'. The tools are ${[...tools.keys()].join(', ')}.`
    )
  }
  const call: ToolCall = { tool: tool.name }
  const progress = progressOf(params, env)
  try {
    const args = parseArguments(tool.input, params.arguments)
    // The advice names the server and timeout as validated, not as sent.
    const { name, timeout, namespace } = args as {
      name?: unknown
      timeout?: unknown
      namespace?: string
    }
    if (typeof name === 'string') call.name = name
    if (typeof timeout === 'number') call.timeout = timeout
    const ctx = createOperationContext(env.services, {
      ...env.scope,
      signal: env.signal,
      onProgress: progress.report,
      ...(namespace !== undefined && { namespace }),
    })
    const view = await tool.run(ctx, args)
    await progress.sent()
    return toolResult(view)
  } catch (error) {
    await progress.sent()
    if (isLifecycleError(error) && error.kind !== 'internal') return toolError(error, call)
    if (env.signal.aborted) throw error
    ;(env.logError ?? defaultLog)(error)
    return toolError(
      new LifecycleError('internal', 'An unexpected error occurred; it has been logged.'),
      call
    )
  }
}

/**
 * Progress only when the client asked for it, by sending a progressToken. `sent` settles once
 * every notification is sent: the call answers after that, since the SDK sends each one
 * asynchronously, and one still on its way when the result went out would reach the client after
 * it, when the request is over (call-tool.test.ts).
 */
function progressOf(params: CallParams, env: CallEnvironment) {
  const token = params._meta?.progressToken
  const sending: Promise<void>[] = []
  const sent = async () => {
    await Promise.all(sending)
  }
  if (token === undefined) return { report: undefined, sent }
  const report = createProgressReporter((update) => {
    sending.push(env.sendProgress({ progressToken: token, ...update }).catch(() => {}))
  })
  return { report, sent }
}

// stderr, never stdout: on the stdio transport stdout carries the protocol.
const defaultLog = (error: unknown) => console.error(error)
