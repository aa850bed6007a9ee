import type { ServerResponse } from 'node:http'

/** An HTTP error with a JSON-RPC error body (id null), as the SDK's own transport answers. */
export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {}
): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }))
}
