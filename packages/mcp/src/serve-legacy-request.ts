import {
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type Server,
} from '@modelcontextprotocol/server'

/**
 * Answers one 2025-11-25 request (initialize, or a plain request after it) statelessly: a new
 * Server and transport per request, no Mcp-Session-Id. As before the 2026-07-28 era came, the
 * answer is plain JSON unless the client asked for progress (a progressToken), which needs an
 * SSE stream to carry the notifications before the result. (The SDK's own stateless 2025 leg
 * always streams.)
 */
export async function serveLegacyRequest(
  request: Request,
  body: unknown,
  server: Server,
  authInfo: AuthInfo
): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: !asksForProgress(body),
  })
  await server.connect(transport)
  // Closing aborts the handlers' signals: a client that hangs up stops its wait.
  request.signal.addEventListener('abort', () => void server.close(), { once: true })
  return transport.handleRequest(request, { parsedBody: body, authInfo })
}

function asksForProgress(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false
  const params = (message as { params?: { _meta?: { progressToken?: unknown } } }).params
  const token = params?._meta?.progressToken
  return token !== undefined && token !== null
}
