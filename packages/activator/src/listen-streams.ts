import type { JsonRpcId } from './listen-request.ts'

/** How long an ending stream may wait for the pod to finish the event it is sending. */
const EVENT_BOUNDARY_WAIT_MS = 1_000

interface ListenStream {
  /** Ends the stream with a successful listen response; resolves once it is closed. */
  end(): Promise<void>
}

/**
 * The 2026-07-28 `subscriptions/listen` streams relayed to clients, per server. A listen stream
 * is not activity (a client holding one would keep its server up for ever); before an idle stop
 * the reaper ends them with a successful `listen` response, which the spec allows a server to
 * send at any time, so that the client knows to listen again rather than seeing a failure.
 */
export class ListenStreams {
  private readonly streams = new Map<string, Set<ListenStream>>()

  /** Relays the pod's SSE answer to a listen request, ready to be ended gracefully. */
  relay(name: string, response: Response, id: JsonRpcId): Response {
    const type = response.headers.get('content-type') ?? ''
    if (!response.body || !type.startsWith('text/event-stream')) return response
    const streams = this.streams.get(name) ?? new Set()
    this.streams.set(name, streams)
    const stream = endableStream(response.body, id, () => {
      streams.delete(stream.handle)
      if (!streams.size && this.streams.get(name) === streams) this.streams.delete(name)
    })
    streams.add(stream.handle)
    return new Response(stream.body, { status: response.status, headers: response.headers })
  }

  /** Ends every listen stream of the server gracefully; resolves once all are closed. */
  async endAll(name: string): Promise<void> {
    await Promise.all([...(this.streams.get(name) ?? [])].map((stream) => stream.end()))
  }

  /** How many listen streams of the server are open. */
  count(name: string): number {
    return this.streams.get(name)?.size ?? 0
  }
}

/**
 * The pod's SSE body passed on chunk by chunk; `end()` waits for the end of the event in
 * progress (an event is never cut), appends the listen response and closes both sides.
 */
function endableStream(upstream: ReadableStream<Uint8Array>, id: JsonRpcId, onClose: () => void) {
  const reader = upstream.getReader()
  const decoder = new TextDecoder()
  let tail = ''
  let ending = false
  let closed = false
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let resolveClosed!: () => void
  const whenClosed = new Promise<void>((resolve) => (resolveClosed = resolve))
  const atEventBoundary = () => tail === '' || /(\r?\n\r?\n|\r\r)$/.test(tail)

  const close = (graceful: boolean) => {
    if (closed) return
    closed = true
    if (graceful) {
      const result = { _meta: { 'io.modelcontextprotocol/subscriptionId': id } }
      const answer = JSON.stringify({ jsonrpc: '2.0', id, result })
      controller.enqueue(new TextEncoder().encode(`event: message\ndata: ${answer}\n\n`))
    }
    controller.close()
    void reader.cancel().catch(() => {})
    onClose()
    resolveClosed()
  }

  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    async pull() {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (closed) return
      if (done || !value) return close(false)
      controller.enqueue(value)
      tail = (tail + decoder.decode(value, { stream: true })).slice(-4)
      if (ending && atEventBoundary()) close(true)
    },
    cancel() {
      if (closed) return
      closed = true
      void reader.cancel().catch(() => {})
      onClose()
      resolveClosed()
    },
  })

  const handle: ListenStream = {
    end() {
      ending = true
      if (atEventBoundary()) close(true)
      // A pod stuck in the middle of an event: cut the stream rather than hold the stop.
      else setTimeout(() => close(false), EVENT_BOUNDARY_WAIT_MS).unref()
      return whenClosed
    },
  }
  return { body, handle }
}
