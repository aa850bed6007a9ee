import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { FetchFn } from './fetch-fn.ts'

/** What httpsFetch reads of a request: fetch's names, and the Node agent to send it through. */
export interface HttpsFetchInit {
  method?: string
  headers?: Record<string, string>
  body?: string
  signal?: AbortSignal
  /** Carries the TLS settings and keeps the connections (api-credentials.ts). */
  agent?: Agent
}

/** Statuses whose response has no body: fetch's Response refuses one for them. */
const NULL_BODY_STATUSES = new Set([204, 205, 304])
/** Sent again once when a kept-alive connection turned out closed (RFC 9110 9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE'])

/**
 * The adapter's fetch: Node's own HTTP/1.1 client, answering with a fetch `Response` whose body
 * streams and aborts as undici's fetch does. Not undici: it loads node:http2 and compiles its
 * WebAssembly parser in every cold start (issue 18), while Node's parser is already loaded.
 * Network failures reject with TypeError('fetch failed') and their cause (api-errors.ts).
 */
export const httpsFetch: FetchFn = (input, init = {}) =>
  send(new URL(String(input)), init as HttpsFetchInit, true)

function send(url: URL, init: HttpsFetchInit, mayRetry: boolean): Promise<Response> {
  const { signal } = init
  if (signal?.aborted) return Promise.reject(signal.reason)
  const method = init.method ?? 'GET'
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, {
      method,
      headers: init.headers,
      agent: init.agent,
    })
    let response: IncomingMessage | undefined
    // Before the answer the request fails with the reason; after it, the body does.
    const onAbort = () => (response ?? request).destroy(signal?.reason)
    const stopListening = () => signal?.removeEventListener('abort', onAbort)
    signal?.addEventListener('abort', onAbort, { once: true })
    request.once('response', (answer) => {
      response = answer
      answer.once('close', stopListening)
      resolve(toResponse(answer))
    })
    request.once('error', (error: NodeJS.ErrnoException) => {
      stopListening()
      // Once the answer began, its body carries the failure: nothing to settle, nothing to resend.
      if (response) return
      if (signal?.aborted) return reject(signal.reason)
      // The server closed a kept-alive connection as we reused it: nothing reached it.
      if (
        mayRetry &&
        request.reusedSocket &&
        error.code === 'ECONNRESET' &&
        IDEMPOTENT_METHODS.has(method)
      )
        return resolve(send(url, init, false))
      reject(new TypeError('fetch failed', { cause: error }))
    })
    request.end(init.body)
  })
}

function toResponse(answer: IncomingMessage): Response {
  const status = answer.statusCode ?? 0
  const headers: [string, string][] = []
  for (let i = 0; i < answer.rawHeaders.length; i += 2)
    headers.push([answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!])
  const empty = NULL_BODY_STATUSES.has(status)
  if (empty) answer.resume()
  const body = empty ? null : bodyStream(answer)
  return new Response(body, { status, statusText: answer.statusMessage ?? '', headers })
}

/**
 * The body as a web stream built here, not by Response from the IncomingMessage as an async
 * iterable: undici 7.29 (Node 24.21) then threw an uncaught `ERR_INVALID_STATE: ReadableStream is
 * already closed` when the API server restarted mid-body (nodejs/undici#5715), which killed the
 * process. Here the stream settles once, and the message's late errors are swallowed.
 */
function bodyStream(answer: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false
  const settle = (end: () => void) => {
    if (settled) return
    settled = true
    try {
      end()
    } catch {
      // Already closed or errored by the reader's side: nothing left to tell it.
    }
  }
  // Listening for good: an error after the stream settled must not become an uncaught one.
  answer.on('error', () => {})
  return new ReadableStream<Uint8Array>({
    start(controller) {
      answer.on('data', (chunk: Buffer) => {
        if (settled) return
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        if ((controller.desiredSize ?? 0) <= 0) answer.pause()
      })
      answer.once('end', () => settle(() => controller.close()))
      answer.once('error', (error) => settle(() => controller.error(error)))
      // A connection lost before the end, with no error emitted: the body is incomplete.
      answer.once('close', () =>
        settle(() => controller.error(new TypeError('terminated', { cause: answer.errored })))
      )
    },
    pull() {
      answer.resume()
    },
    cancel() {
      settled = true
      answer.destroy()
    },
  })
}
