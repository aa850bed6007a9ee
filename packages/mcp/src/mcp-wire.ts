// For the tests: JSON-RPC messages as the wire carries them, below any SDK client.

/** The revision the modern era speaks, and the one before it. */
export const MODERN = '2026-07-28'
export const LEGACY = '2025-11-25'

/** A 2026-07-28 request: the per-request _meta envelope the revision requires. */
export function modernRequest(method: string, params: Record<string, unknown> = {}, id = 1) {
  const { _meta, ...rest } = params as { _meta?: object }
  return {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...rest,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'wire-test', version: '0.0.0' },
        ..._meta,
      },
    },
  }
}

/** The headers a 2026-07-28 POST carries: the version, the method and the tool name or URI. */
export function modernHeaders(message: { method: string; params?: Record<string, unknown> }) {
  const name = message.params?.name ?? message.params?.uri
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': message.method,
    ...(typeof name === 'string' && { 'mcp-name': name }),
  }
}

/** POSTs a 2026-07-28 request with matching headers (overridable). */
export function postModern(
  url: URL,
  message: ReturnType<typeof modernRequest>,
  headers: Record<string, string> = {},
  signal?: AbortSignal
) {
  return fetch(url, {
    method: 'POST',
    headers: { ...modernHeaders(message), ...headers },
    body: JSON.stringify(message),
    ...(signal && { signal }),
  })
}

/** The JSON-RPC messages of a response, whether a JSON body or an SSE stream. */
export async function readMessages(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text()
  if (!res.headers.get('content-type')?.includes('text/event-stream')) return [JSON.parse(text)]
  return text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter((data) => data.length > 0)
    .map((data) => JSON.parse(data))
}

/** The response message (result or error) of a response, JSON or SSE. */
export async function readJsonRpc(res: Response): Promise<Record<string, unknown>> {
  const messages = await readMessages(res)
  const answer = messages.find((m) => 'result' in m || 'error' in m)
  if (!answer) throw new Error(`no JSON-RPC response in ${JSON.stringify(messages)}`)
  return answer
}
