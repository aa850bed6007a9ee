import type { Dispatcher } from 'undici'
import type { AnswerFields } from './answer-headers.ts'
import type { PodAnswer } from './pod-answer.ts'
import { podAnswerRefused } from './proxy-errors.ts'
import { readSmallAnswer, WHOLE_ANSWER_BYTES } from './read-small-answer.ts'
import { headersFromPod, headersToPod, podAnswerProblem } from './proxy-headers.ts'
import type { CallHeaders } from './proxy-call.ts'
import { isValidPodSessionId } from './session-token.ts'

export interface PodTarget {
  /** http://<pod IP>:<port> */
  origin: string
  /** The MCP path on the pod, with the caller's query. */
  path: string
}

export interface ForwardOptions {
  /** The MCP server, for errors. */
  server: string
  method: string
  headers: CallHeaders
  body: Uint8Array | undefined
  /** The session id as the pod knows it (unwrapped), if any. */
  session: string | undefined
  /** The request's id as the manager logs it, for the pod's logs. */
  requestId: string | undefined
  /** Rewrites the session id the pod answers with, for the client. */
  wrapSession: (session: string) => string
  /** The client's signal: it going away closes the upstream request at once. */
  signal: AbortSignal
  /** Called once when the answer is over (body ended, failed or cancelled). */
  onDone: () => void
}

// Statuses whose responses have no body (fetch's Response refuses one; HTTP sends none).
const NO_BODY = new Set([204, 205, 304])

/**
 * Sends one request to a pod with undici and gives its answer as it comes: the status,
 * the allowed headers (proxy-headers.ts) with the session id wrapped, the body streamed chunk
 * by chunk (SSE events are not held back), or, when it is not SSE, read whole if small
 * (read-small-answer.ts). Errors before the response headers are thrown, and while a whole body is
 * read; so is an answer the client must not get (a redirect, an HTML page, a malformed session
 * id).
 */
export async function forwardToPod(
  dispatcher: Dispatcher,
  target: PodTarget,
  options: ForwardOptions
): Promise<PodAnswer> {
  let response: Dispatcher.ResponseData
  try {
    response = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: options.method as Dispatcher.HttpMethod,
      headers: headersToPod(options.headers, options.session, options.requestId),
      body: options.body ?? null,
      signal: options.signal,
    })
  } catch (error) {
    options.onDone()
    throw error
  }
  const headers = headersFromPod(response.headers)
  const body = response.body
  body.once('close', options.onDone)
  const session = headers.get('mcp-session-id')
  const problem =
    podAnswerProblem(response.statusCode, headers) ??
    (session !== null && !isValidPodSessionId(session)
      ? 'answered a malformed session id'
      : undefined)
  if (problem) {
    // undici emits an AbortError on a body destroyed unread: unheard, it would crash the process.
    body.on('error', () => {}).destroy()
    throw podAnswerRefused(options.server, problem)
  }
  if (session) headers.set('mcp-session-id', options.wrapSession(session))
  const status = response.statusCode
  if (NO_BODY.has(status)) {
    body.resume()
    return { status, headers, body: null }
  }
  if (isEventStream(headers)) return { status, headers, body }
  // A JSON-RPC answer: read whole when small (our own length then, not a chunked stream). A
  // declared length within the bound is read by undici's own consumer, with no async iterator.
  const declared = Number(response.headers['content-length'] ?? Number.NaN)
  const answer = declared <= WHOLE_ANSWER_BYTES ? await body.bytes() : await readSmallAnswer(body)
  if (answer instanceof Uint8Array) headers.set('content-length', String(answer.byteLength))
  return { status, headers, body: answer }
}

function isEventStream(headers: AnswerFields): boolean {
  return (headers.get('content-type') ?? '').toLowerCase().includes('text/event-stream')
}

/** The pod did not accept the connection (its process is not listening yet). */
export function isConnectionRefused(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | undefined)?.code
  return (
    code(error) === 'ECONNREFUSED' || code((error as { cause?: unknown })?.cause) === 'ECONNREFUSED'
  )
}
