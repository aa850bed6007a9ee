import {
  isLifecycleError,
  toProblem,
  type ChangeEventType,
  type ChangeListener,
} from '@mcp-lifecycle/core'
import type { Context } from 'hono'
import { ChangeOutbox } from './change-outbox.ts'

/** A comment line this often keeps proxies and clients from taking a quiet stream for dead. */
export const DEFAULT_HEARTBEAT_MS = 15_000

const encoder = new TextEncoder()
const HEARTBEAT = encoder.encode(': heartbeat\n\n')

/** One Server-Sent Event, as bytes: encoded once and written to every stream that sends it. */
export function encodeChangeEvent(type: ChangeEventType | 'error', json: string): Uint8Array {
  // JSON.stringify escapes line breaks, so the data is one line.
  return encoder.encode(`event: ${type}\ndata: ${json}\n\n`)
}

export interface ChangeStreamOptions {
  heartbeatMs: number
  /**
   * Ends the stream: the client left, the process stops, or the credential ended; a
   * LifecycleError reason is sent as the closing `error` event.
   */
  signal: AbortSignal
  /** Called once the stream is over, whichever way. */
  onClose: () => void
}

/**
 * Sends server changes as Server-Sent Events (`event: list | server | removed`, JSON data)
 * with a heartbeat comment between them, until the client leaves, the changes end or the signal
 * aborts. `subscribe` runs at once, so its refusal (access) is a problem answer, not a stream.
 * Chunks are produced only as the client reads them; meanwhile the outbox keeps the latest
 * event per server. A failure after the stream began is sent as an `error` event with the
 * problem body, since the status line has gone out already.
 */
export function streamServerChanges(
  c: Context,
  subscribe: (listener: ChangeListener<Uint8Array>) => () => void,
  options: ChangeStreamOptions
): Response {
  const outbox = new ChangeOutbox()
  const unsubscribe = subscribe({
    list: (frame, namespace) => outbox.putList(frame, namespace),
    changes: (changes) => outbox.putChanges(changes),
    ended: (error) => outbox.end(error === undefined ? undefined : errorEvent(error)),
  })
  const heartbeat = setInterval(() => outbox.putHeartbeat(HEARTBEAT), options.heartbeatMs)
  const onAbort = () => {
    const reason: unknown = options.signal.reason
    outbox.end(isLifecycleError(reason) ? errorEvent(reason) : undefined)
  }
  options.signal.addEventListener('abort', onAbort, { once: true })
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    options.signal.removeEventListener('abort', onAbort)
    unsubscribe()
    options.onClose()
  }
  if (options.signal.aborted) onAbort()
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await outbox.take()
        if (chunk) return controller.enqueue(chunk)
        close()
        controller.close()
      },
      cancel: close,
    },
    // Nothing is produced ahead of the client: what it has not read stays in the outbox.
    { highWaterMark: 0 }
  )
  return c.body(body, 200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    // Proxies such as nginx would otherwise buffer the events.
    'X-Accel-Buffering': 'no',
  })
}

function errorEvent(error: unknown): Uint8Array {
  return encodeChangeEvent('error', JSON.stringify(toProblem(error)))
}
