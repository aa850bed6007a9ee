import {
  isLegacyRequest,
  type AuthInfo,
  type McpHttpHandler,
  type Server,
} from '@modelcontextprotocol/server'
import { jsonRpcError } from './json-rpc-error.ts'
import { serveLegacyRequest } from './serve-legacy-request.ts'
import { isListenRequest } from './serve-listen.ts'

/** The two eras' servers: the SDK's handler (2026-07-28), and a factory for 2025-11-25. */
export interface McpEndpoint {
  handler: McpHttpHandler
  createLegacyServer(authInfo: AuthInfo): Server
  /**
   * A 2026-07-28 subscriptions/listen of this request (it outlives the request: admitted
   * against the stream bounds, filtered by the caller's pattern); absent: served by `handler`.
   */
  serveListen?(body: unknown): Promise<Response>
  /**
   * A plain tools/call answered without the SDK's per-request Server (direct-tool-call.ts);
   * undefined: not one, the SDK serves it.
   */
  serveToolCall?(request: Request, body: unknown): Promise<Response> | undefined
}

/**
 * JSON-RPC messages one POST may carry. MCP removed batching in revision 2025-06-18; 2025-11-25
 * wants "a single JSON-RPC request, notification, or response" per POST, and 2026-07-28 has no
 * batches either, so any JSON array is refused. Left to the SDK's 2025 leg, one POST could run
 * 100 calls.
 */
export const MAX_MESSAGES_PER_POST = 1

/**
 * Answers one POST to the MCP endpoint, after the check the SDK leaves to us: the body is one
 * JSON-RPC message, not a batch. A 2026-07-28 request (per-request `_meta`) goes to the SDK's
 * handler, any other to the 2025-11-25 leg, routed by the SDK's own classification. Both are
 * stateless: a new Server per request, no Mcp-Session-Id, so any replica answers any request.
 */
export async function serveMcpRequest(
  request: Request,
  endpoint: McpEndpoint,
  authInfo: AuthInfo
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
  const direct = endpoint.serveToolCall?.(request, body)
  if (direct) return direct
  if (await isLegacyRequest(request, body)) {
    return serveLegacyRequest(request, body, endpoint.createLegacyServer(authInfo), authInfo)
  }
  if (endpoint.serveListen && isListenRequest(body)) return endpoint.serveListen(body)
  return endpoint.handler.fetch(request, { authInfo, parsedBody: body })
}
