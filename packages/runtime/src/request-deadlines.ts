import type { ServerOptions } from 'node:http'

export interface RequestDeadlines {
  headersSeconds: number
  requestSeconds: number
}

/**
 * node:http options that end a slow client: headers within `headersSeconds`, the whole request
 * (headers and body) within `requestSeconds`, else 408 and the connection closed. Node's defaults
 * (60 s, 300 s) let slowloris clients hold connections for minutes (issue 26). Only receiving the request is bounded: a streamed answer (SSE, a wait, the
 * MCP proxy) runs as long as it needs. Node refuses a header deadline past the request one.
 */
export function requestDeadlines({
  headersSeconds,
  requestSeconds,
}: RequestDeadlines): ServerOptions {
  const requestTimeout = requestSeconds * 1000
  const headersTimeout = Math.min(headersSeconds * 1000, requestTimeout)
  // How often Node looks for expired requests: a deadline is then kept within a second.
  return { headersTimeout, requestTimeout, connectionsCheckingInterval: 1000 }
}
