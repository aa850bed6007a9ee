import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Relayed } from './send-to-pod.ts'
import { bodyLooker } from './tap-body.ts'

/**
 * How long a streamed answer's headers wait for its first bytes, to go out with them in one
 * write; then they go alone (a client waits for an event stream's headers before its events).
 */
const FIRST_BYTES_WAIT_MS = 10

/**
 * Writes a pod's relayed answer straight to a node response (the manager's lane), with
 * `headers` of the manager's own (its request id) over the pod's: a small answer in one write,
 * a stream piped as it comes (node's backpressure; the client going away closes the request to
 * the pod), discovery's tap shown every chunk. A subscriptions/listen is hono's route's, never
 * the lane's: its stream is kept to be ended before a stop (relayed-response.ts).
 */
export function writeRelayed(
  res: ServerResponse,
  relayed: Relayed,
  headers: OutgoingHttpHeaders
): void {
  if (relayed.listen !== undefined) throw new Error('a listen stream is relayed by the route')
  const { status, body } = relayed.answer
  const out: OutgoingHttpHeaders = {}
  relayed.answer.headers.forEach((value, name) => (out[name] = value))
  res.writeHead(status, Object.assign(out, headers))
  const look = relayed.tap && bodyLooker(relayed.tap)
  if (body === null || body instanceof Uint8Array) {
    if (body && look) {
      look.chunk(body)
      look.end()
    }
    res.end(body)
    return
  }
  const alone = setTimeout(() => res.flushHeaders(), FIRST_BYTES_WAIT_MS)
  // pipe, not stream.pipeline: pipeline aborts an AbortController of its own at every end, and
  // the DOMException that makes was 2.5 % of the manager's CPU on sequential proxied calls.
  body.pipe(res)
  body.once('data', () => clearTimeout(alone))
  body.once('error', () => res.destroy())
  // The client gone (or the answer over): the request to the pod is closed at once.
  res.once('close', () => {
    clearTimeout(alone)
    if (!body.readableEnded) body.destroy()
  })
  if (!look) return
  body.on('data', (chunk: Uint8Array) => look.chunk(chunk))
  body.once('end', () => look.end())
}
