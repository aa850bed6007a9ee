import { SERVER_INFO_META_KEY } from '@modelcontextprotocol/server'
import { createCallEra } from './call-era.ts'
import { callTool, type CallEnvironment } from './call-tool.ts'
import { SERVER_INFO } from './create-mcp-server.ts'
import type { ToolDefinition } from './tools.ts'

const MESSAGE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params'])
const PARAMS_KEYS = new Set(['name', 'arguments', '_meta'])
/** The era of a call, as the SDK classifies it, kept per headers, tool and envelope. */
const callEra = createCallEra()

/** A tools/call of either era that needs nothing of the SDK's per-request Server. */
export interface DirectToolCall {
  era: 'legacy' | 'modern'
  id: string | number
  params: { name: string; arguments?: Record<string, unknown> }
}

/**
 * Recognizes the plainest tools/call: one of our tools, no progress token, no task, headers that
 * agree with the body exactly (as the SDK's classification and header checks want them), in
 * either era. Anything else is undefined and goes to the SDK, which answers it (and every
 * protocol error) as before; what is recognized here is answered the same, without a Server,
 * transport and schema parse per request (direct-tool-call.test.ts compares the two).
 */
export function recognizeToolCall(
  request: Request,
  body: unknown,
  tools: ReadonlyMap<string, ToolDefinition>
): DirectToolCall | undefined {
  if (!isPlainObject(body) || !hasOnlyKeys(body, MESSAGE_KEYS)) return undefined
  const { id, method, params } = body
  if (body.jsonrpc !== '2.0' || method !== 'tools/call') return undefined
  if (!(typeof id === 'string' || Number.isSafeInteger(id))) return undefined
  if (!isPlainObject(params) || !hasOnlyKeys(params, PARAMS_KEYS)) return undefined
  if (typeof params.name !== 'string' || !tools.has(params.name)) return undefined
  if (params.arguments !== undefined && !isPlainObject(params.arguments)) return undefined
  const headers = request.headers
  if (!acceptsBoth(headers.get('accept')) || !isJson(headers.get('content-type'))) return undefined
  const era = callEra({
    version: headers.get('mcp-protocol-version') ?? undefined,
    mcpMethod: headers.get('mcp-method') ?? undefined,
    mcpName: headers.get('mcp-name') ?? undefined,
    id: id as string | number,
    name: params.name,
    meta: params._meta,
  })
  if (!era) return undefined
  return { era, id: id as string | number, params: params as DirectToolCall['params'] }
}

/** Runs a recognized call and answers as the SDK does: one JSON-RPC response, as JSON. */
export async function answerToolCall(
  call: DirectToolCall,
  tools: ReadonlyMap<string, ToolDefinition>,
  env: Omit<CallEnvironment, 'sendProgress'>
): Promise<Response> {
  const result = await callTool(tools, call.params, {
    ...env,
    // Never called: a call with a progress token is not recognized.
    sendProgress: async () => {},
  })
  const answer =
    call.era === 'modern'
      ? { ...result, resultType: 'complete', _meta: { [SERVER_INFO_META_KEY]: SERVER_INFO } }
      : result
  return Response.json({ result: answer, jsonrpc: '2.0', id: call.id })
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasOnlyKeys(value: object, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false
  return true
}

function acceptsBoth(accept: string | null): boolean {
  const types = (accept ?? '').split(',').map((part) => mediaType(part))
  return types.includes('application/json') && types.includes('text/event-stream')
}

function isJson(contentType: string | null): boolean {
  return mediaType(contentType ?? '') === 'application/json'
}

function mediaType(value: string): string {
  return value.split(';', 1)[0]!.trim().toLowerCase()
}
