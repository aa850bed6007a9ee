import type { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import { jsonRpcError } from './json-rpc-error.ts'

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

function asksForProgress(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body]
  return messages.some((message) => progressTokenOf(message) !== undefined)
}

function progressTokenOf(message: unknown): unknown {
  if (typeof message !== 'object' || message === null) return undefined
  const params = (message as { params?: { _meta?: { progressToken?: unknown } } }).params
  return params?._meta?.progressToken ?? undefined
}
