import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { podAnswerRefused } from './proxy-errors.ts'
import { headersFromPod, headersToPod, podAnswerProblem } from './proxy-headers.ts'
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
  headers: Headers
  body: Uint8Array | undefined
  /** The session id as the pod knows it (unwrapped), if any. */
  session: string | undefined
  /** Rewrites the session id the pod answers with, for the client. */
  wrapSession: (session: string) => string
  /** The client's signal: it going away closes the upstream request at once. */
  signal: AbortSignal
  /** Called once when the answer is over (body ended, failed or cancelled). */
  onDone: () => void
}

// Statuses whose responses have no body (fetch's Response refuses one).
const NO_BODY = new Set([204, 205, 304])

/**
 * A pod's answer with a declared length up to this (a JSON-RPC response, never an SSE stream)
 * is read whole and answered in one write: no web stream between undici and the client. No more
 * than the stream's own buffer (undici's high-water mark) would hold.
 */
export const WHOLE_ANSWER_BYTES = 64 * 1024

/**
 * Sends one request to a pod with undici and answers with its response as it comes: the status,
 * the allowed headers (proxy-headers.ts) with the session id wrapped, the body streamed chunk
 * by chunk (SSE events are not held back), or read whole when it is small and declared
 * (WHOLE_ANSWER_BYTES). Errors before the response headers are thrown, and while a whole body is
 * read; so is an answer the client must not get (a redirect, an HTML page, a malformed session
 * id).
 */
export async function forwardToPod(
  dispatcher: Dispatcher,
  target: PodTarget,
  options: ForwardOptions
): Promise<Response> {
  let response: Dispatcher.ResponseData
  try {
    response = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: options.method as Dispatcher.HttpMethod,
      headers: headersToPod(options.headers, options.session),
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
  if (NO_BODY.has(response.statusCode)) {
    body.resume()
    return new Response(null, { status: response.statusCode, headers })
  }
  if (isSmallWholeAnswer(response.headers['content-length'], headers)) {
    const whole = await body.bytes()
    // Our own length: the client gets one answer with its length, not a chunked stream.
    headers.set('content-length', String(whole.byteLength))
    return new Response(whole, { status: response.statusCode, headers })
  }
  const stream = Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>
  return new Response(stream, { status: response.statusCode, headers })
}

/** The pod's declared length (not passed on: our answer declares its own) and content type. */
function isSmallWholeAnswer(declared: string | string[] | undefined, headers: Headers): boolean {
  const length = typeof declared === 'string' ? Number(declared) : NaN
  const streamed = (headers.get('content-type') ?? '').toLowerCase().includes('text/event-stream')
  return !streamed && Number.isSafeInteger(length) && length <= WHOLE_ANSWER_BYTES
}

/** The pod did not accept the connection (its process is not listening yet). */
export function isConnectionRefused(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | undefined)?.code
  return (
    code(error) === 'ECONNREFUSED' || code((error as { cause?: unknown })?.cause) === 'ECONNREFUSED'
  )
}
