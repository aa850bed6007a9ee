import { describe, expect, it } from 'vitest'
import { ListenStreams } from './listen-streams.ts'

const encoder = new TextEncoder()
const SSE = { 'content-type': 'text/event-stream' }
const ACK =
  'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged"}\n\n'

/** A pod's SSE body that the test writes to, and knows when it was cancelled. */
function podBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (cancelled = true),
  })
  return {
    body,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    cancelled: () => cancelled,
  }
}

async function readAll(response: Response): Promise<string> {
  return await new Response(response.body).text()
}

/** A listen stream of server weather, request `id`, relayed from a pod body the test writes to. */
function relayFromPod(id: Parameters<ListenStreams['relay']>[2]) {
  const streams = new ListenStreams()
  const pod = podBody()
  const relayed = streams.relay('weather', new Response(pod.body, { headers: SSE }), id)
  return { streams, pod, relayed }
}

/** Gives the relay a moment to read what the pod wrote. */
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 10))

const graceful = (id: unknown) =>
  `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: { _meta: { 'io.modelcontextprotocol/subscriptionId': id } } })}\n\n`

describe('ListenStreams', () => {
  it('ends a listen stream with a successful listen response and cancels the pod side', async () => {
    const { streams, pod, relayed } = relayFromPod('listen:0')
    const text = readAll(relayed)
    pod.write(ACK)
    await aMoment()
    expect(streams.count('weather')).toBe(1)
    await streams.endAll('weather')
    expect(await text).toBe(ACK + graceful('listen:0'))
    expect(pod.cancelled()).toBe(true)
    expect(streams.count('weather')).toBe(0)
  })

  it('never cuts an event: it waits for the end of the one the pod is sending', async () => {
    const { streams, pod, relayed } = relayFromPod(3)
    const text = readAll(relayed)
    pod.write(ACK + 'event: message\ndata: {"jsonrpc":"2.0",')
    await aMoment()
    const ended = streams.endAll('weather')
    pod.write('"method":"notifications/tools/list_changed"}\n\n')
    await ended
    expect(await text).toBe(
      ACK +
        'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\n' +
        graceful(3)
    )
  })

  it('forgets a stream the client closed, and leaves other servers and JSON answers alone', async () => {
    const { streams, pod, relayed } = relayFromPod(1)
    const json = new Response('{"jsonrpc":"2.0","id":1,"error":{}}', {
      headers: { 'content-type': 'application/json' },
    })
    expect(streams.relay('weather', json, 1)).toBe(json)
    expect(streams.count('weather')).toBe(1)
    await streams.endAll('maps')
    expect(streams.count('weather')).toBe(1)
    await relayed.body!.cancel()
    expect(pod.cancelled()).toBe(true)
    expect(streams.count('weather')).toBe(0)
  })

  it('forgets a stream the pod ended', async () => {
    const { streams, pod, relayed } = relayFromPod(1)
    const text = readAll(relayed)
    pod.write(ACK)
    await aMoment()
    pod.end()
    expect(await text).toBe(ACK)
    expect(streams.count('weather')).toBe(0)
  })
})
