import type { AuthInfo, McpHttpHandler } from '@modelcontextprotocol/server'

/** A listen stream let in (see admitStream): when it must end, and what to call once it has. */
export interface ListenAdmission {
  signal: AbortSignal
  close(): void
}

/** A subscriptions/listen request: served apart, since it outlives its request. */
export function isListenRequest(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { method?: unknown }).method === 'subscriptions/listen'
  )
}

/**
 * Serves one subscriptions/listen on `handler` (the one whose bus carries only what the caller
 * may see), inside an admission taken before: the stream ends when the admission's signal
 * aborts (the credential ended, the process stops), and gives its slot back when it is over,
 * whichever way.
 */
export async function serveListen(
  request: Request,
  body: unknown,
  authInfo: AuthInfo,
  handler: McpHttpHandler,
  admission: ListenAdmission
): Promise<Response> {
  let response: Response
  try {
    response = await handler.fetch(request, { authInfo, parsedBody: body })
  } catch (error) {
    admission.close()
    throw error
  }
  // A refusal (bad filter, capacity) is a JSON answer: nothing stays open.
  if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
    admission.close()
    return response
  }
  return new Response(endWith(response.body, admission), {
    status: response.status,
    headers: response.headers,
  })
}

/** Passes `body` through until it ends, the reader leaves, or the admission's signal aborts. */
function endWith(
  body: ReadableStream<Uint8Array>,
  admission: ListenAdmission
): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    admission.signal.removeEventListener('abort', onAbort)
    admission.close()
  }
  // Cancelling the SDK's stream tears its subscription down; the pending read then ends.
  const onAbort = () => void reader.cancel(admission.signal.reason).catch(() => {})
  admission.signal.addEventListener('abort', onAbort, { once: true })
  if (admission.signal.aborted) onAbort()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read()
        if (!done) return controller.enqueue(value)
        close()
        controller.close()
      },
      cancel(reason) {
        close()
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 }
  )
}
