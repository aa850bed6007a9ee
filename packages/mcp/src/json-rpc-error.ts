import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * An HTTP error whose body is a JSON-RPC error response without a request id, the shape the
 * Streamable HTTP transport uses for failures that happen before a message is read.
 */
export function jsonRpcError(
  status: ContentfulStatusCode,
  code: number,
  message: string
): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status })
}
