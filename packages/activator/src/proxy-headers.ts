import type { IncomingHttpHeaders } from 'node:http'
import { AnswerHeaders, type AnswerFields } from './answer-headers.ts'
import type { CallHeaders } from './proxy-call.ts'

/**
 * Request headers a pod gets: what MCP Streamable HTTP needs and tracing, nothing else. The
 * caller's cookies, credentials and forwarding headers stay with the manager: whoever edits a
 * Deployment controls the image and must not harvest them. X-Request-Id is the manager's own
 * (headersToPod), not the caller's as sent.
 */
const TO_POD = new Set([
  'content-type',
  'accept',
  'last-event-id',
  'user-agent',
  'traceparent',
  'tracestate',
  'baggage',
])

/**
 * Response headers a client gets. The manager's origin is also the dashboard's: a pod must not
 * set cookies, redirect, pin HSTS, open CORS or clear site data there.
 */
const FROM_POD = new Set([
  'content-type',
  'allow',
  'cache-control',
  'retry-after',
  'x-request-id',
  'traceparent',
  'tracestate',
])

/** The body types MCP answers with; anything else (an HTML page) is not passed on. */
const MCP_CONTENT_TYPES = new Set(['application/json', 'text/event-stream', 'text/plain'])

/** The proxy's pseudonym in `Via`; a request that already passed a manager is a loop. */
export const VIA = '1.1 mcp-lifecycle'

function allowedToPod(name: string): boolean {
  return TO_POD.has(name) || (name.startsWith('mcp-') && name !== 'mcp-session-id')
}

/**
 * The caller's headers as the pod gets them: the allow-list, the pod's own session id, the
 * request's id as the manager logs it (the caller's when plain, else one made for it), Via.
 */
export function headersToPod(
  headers: CallHeaders,
  session: string | undefined,
  requestId: string | undefined
): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  headers.forEach((value, key) => {
    if (allowedToPod(key)) out[key] = value
  })
  if (session !== undefined) out['mcp-session-id'] = session
  if (requestId !== undefined) out['x-request-id'] = requestId
  out.via = VIA
  return out
}

/** The pod's response headers as the client gets them: the allow-list, `mcp-*`, `nosniff`. */
export function headersFromPod(headers: IncomingHttpHeaders): AnswerHeaders {
  const out = new AnswerHeaders()
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase()
    if (value === undefined || !(FROM_POD.has(name) || name.startsWith('mcp-'))) continue
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item)
  }
  out.set('x-content-type-options', 'nosniff')
  // Tell any buffering proxy in front of us (nginx) to pass the stream on as it comes.
  if (mediaType(out.get('content-type')) === 'text/event-stream') out.set('x-accel-buffering', 'no')
  return out
}

/** Whether a pod's answer may reach the client: no redirect, and an MCP content type if any. */
export function podAnswerProblem(status: number, headers: AnswerFields): string | undefined {
  if (status >= 300 && status < 400) return `answered a redirect (${status})`
  const type = headers.get('content-type')
  if (type !== null && !MCP_CONTENT_TYPES.has(mediaType(type))) {
    return 'answered with a content type MCP does not use'
  }
  return undefined
}

/** Whether the request already went through a manager (a pod that points back at one). */
export function isProxyLoop(headers: CallHeaders): boolean {
  return (headers.get('via') ?? '').toLowerCase().includes('mcp-lifecycle')
}

function mediaType(value: string | null): string {
  return (value ?? '').split(';', 1)[0]!.trim().toLowerCase()
}
