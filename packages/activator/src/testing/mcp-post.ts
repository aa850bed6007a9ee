/** The first message of a 2025-11-25 MCP session, as a test client sends it. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 't', version: '0' },
  },
}

/** A JSON-RPC `message` as an MCP client POSTs it over Streamable HTTP, with extra `headers`. */
export function mcpPost(message: object, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(message),
  }
}
