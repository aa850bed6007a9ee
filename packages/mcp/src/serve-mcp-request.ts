import type { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import { jsonRpcError } from './json-rpc-error.ts'

/**
 * JSON-RPC messages one POST may carry. MCP removed batching in revision 2025-06-18, and
 * 2025-11-25 (this SDK line's latest) wants "a single JSON-RPC request, notification, or
 * response" per POST, so any JSON array is refused. Left to the SDK, one POST could run 100 calls.
 */
export const MAX_MESSAGES_PER_POST = 1

/**
 * Answers one POST to the MCP endpoint, statelessly: a new Server and transport per request, no
 * Mcp-Session-Id, so any replica can answer any request. The answer is plain JSON unless the
 * client asked for progress (a progressToken), which needs an SSE stream to carry the
 * notifications before the result.
 */
export async function serveMcpRequest(
  request: Request,
  createServer: () => Server
): Promise<Response> {
  let body: unknown
  try {
    body = JSON.parse(await request.text())
  } catch {
    return jsonRpcError(400, -32700, 'Parse error: the body is not valid JSON.')
  }
  if (Array.isArray(body)) {
    return jsonRpcError(
      400,
      -32600,
      `Invalid Request: send one JSON-RPC message per POST (at most ${MAX_MESSAGES_PER_POST}); MCP has no batches since revision 2025-06-18.`
    )
  }
  const server = createServer()
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: !asksForProgress(body),
  })
  await server.connect(transport)
  // Closing aborts the handlers' signals: a client that hangs up stops its wait (the 2026-07-28
  // revision makes a closed stream the cancellation of its request).
  request.signal.addEventListener('abort', () => void server.close(), { once: true })
  return transport.handleRequest(request, { parsedBody: body })
}

function asksForProgress(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false
  const params = (message as { params?: { _meta?: { progressToken?: unknown } } }).params
  const token = params?._meta?.progressToken
  return token !== undefined && token !== null
}
