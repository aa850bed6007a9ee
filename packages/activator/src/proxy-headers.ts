import type { IncomingHttpHeaders } from 'node:http'

// RFC 9110 section 7.6.1: connection-specific fields are not forwarded.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]

/** Request headers the manager keeps to itself or lets the HTTP client set. */
const NOT_TO_POD = new Set([
  ...HOP_BY_HOP,
  'host',
  'content-length',
  'expect',
  // The manager's own credential: MCP forbids token passthrough.
  'authorization',
  // No compression: an SSE stream must pass event by event.
  'accept-encoding',
])

/** The caller's headers as the pod gets them: MCP headers unchanged, hop-by-hop ones dropped. */
export function headersToPod(
  headers: Headers,
  session: string | undefined
): Record<string, string> {
  const drop = new Set([...NOT_TO_POD, ...listed(headers.get('connection'))])
  const out: Record<string, string> = {}
  headers.forEach((value, key) => {
    if (!drop.has(key)) out[key] = value
  })
  if (session === undefined) delete out['mcp-session-id']
  else out['mcp-session-id'] = session
  return out
}

/** The pod's response headers as the client gets them, hop-by-hop ones dropped. */
export function headersFromPod(headers: IncomingHttpHeaders): Headers {
  const connection = headers.connection
  const drop = new Set([
    ...HOP_BY_HOP,
    ...listed(Array.isArray(connection) ? connection.join(',') : connection),
  ])
  const out = new Headers()
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || drop.has(key.toLowerCase())) continue
    for (const item of Array.isArray(value) ? value : [value]) out.append(key, item)
  }
  // Tell any buffering proxy in front of us (nginx) to pass the stream on as it comes.
  if (out.get('content-type')?.startsWith('text/event-stream')) out.set('x-accel-buffering', 'no')
  return out
}

function listed(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
}
