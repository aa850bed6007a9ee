import type { ServerType } from '@hono/node-server'
import { StreamSlots } from '@mcp-lifecycle/core'
import { headerAuthenticator, MemoryBackend } from '@mcp-lifecycle/core/testing'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createListApp, type ListAppOptions } from '@mcp-lifecycle/handlers'
import type { Hono } from 'hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { composeApp } from '@mcp-lifecycle/runtime'
import { serveOnLoopback } from '@mcp-lifecycle/runtime/testing'

// GET /servers?watch=true over real HTTP: the list route composed as the server app composes
// it (authentication included) on a loopback port, over a memory backend whose watchServers
// follows every change, with fetch reading the event stream as it comes.
const authenticator = headerAuthenticator({
  'Bearer all': { id: 'all', scope: 'read' },
  'Bearer only-a': { id: 'only-a', scope: 'read', servers: 'mcp-a*' },
  'Bearer third': { id: 'third', scope: 'read' },
})

const servers: ServerType[] = []
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))))

async function listen(app: Hono): Promise<string> {
  const { server, url } = await serveOnLoopback(app.fetch)
  servers.push(server)
  return url
}

function manager(extra: Partial<HandlerDeps> = {}, options: ListAppOptions = {}) {
  const backend = new MemoryBackend([
    { name: 'mcp-a1', replicas: 1 },
    { name: 'mcp-b1', replicas: 0 },
    { name: 'web', replicas: 1, mcp: false },
  ])
  const deps = { backend, authenticator, ...extra }
  return { backend, url: listen(composeApp(deps, [createListApp(deps, options)])) }
}

interface SseEvent {
  event?: string
  data?: unknown
  comment?: string
}

/** Reads a Server-Sent Events answer, one event (or comment) at a time. */
async function* readEvents(response: Response): AsyncIterable<SseEvent> {
  let buffer = ''
  for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
    buffer += chunk
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event: SseEvent = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) event.comment = line.slice(1).trim()
        else if (line.startsWith('event: ')) event.event = line.slice(7)
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6))
      }
      yield event
      end = buffer.indexOf('\n\n')
    }
  }
}

/** Opens the stream and collects its events until `done` says so, then leaves. */
async function follow(
  url: string,
  token: string,
  done: (events: SseEvent[]) => boolean,
  whileOpen: (events: SseEvent[]) => unknown = () => {}
): Promise<{ response: Response; events: SseEvent[] }> {
  const leave = new AbortController()
  const response = await fetch(`${url}/servers?watch=true`, {
    headers: { authorization: `Bearer ${token}` },
    signal: leave.signal,
  })
  const events: SseEvent[] = []
  for await (const event of readEvents(response)) {
    events.push(event)
    await whileOpen(events)
    if (done(events)) break
  }
  leave.abort()
  return { response, events }
}

const names = (event: SseEvent | undefined) =>
  (event?.data as { servers: { name: string }[] }).servers.map((s) => s.name)

describe('GET /servers?watch=true', () => {
  it('sends the list first, then one event per server that changed', async () => {
    const { backend, url } = manager()
    const { response, events } = await follow(
      await url,
      'all',
      (seen) => seen.some((e) => (e.data as { ready_replicas?: number }).ready_replicas === 3),
      (seen) => seen.length === 1 && backend.scale('mcp-a1', 3)
    )
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(events[0]?.event).toBe('list')
    expect(names(events[0])).toEqual(['mcp-a1', 'mcp-b1'])
    expect(events[0]?.data).toMatchObject({
      servers: [{ name: 'mcp-a1', status: 'running', replicas: 1, last_activity: null }, {}],
    })
    const changes = events.slice(1)
    expect(changes.every((e) => e.event === 'server')).toBe(true)
    expect(changes.map((e) => (e.data as { name: string }).name)).toEqual(
      changes.map(() => 'mcp-a1')
    )
    expect(changes.at(-1)?.data).toMatchObject({ status: 'running', replicas: 3 })
  })

  it('shows a token limited to mcp-a* only those servers and their changes', async () => {
    const { backend, url } = manager()
    const { events } = await follow(
      await url,
      'only-a',
      (seen) => seen.length === 2,
      // The change to mcp-b1 comes first: it must not be sent.
      async (seen) => {
        if (seen.length !== 1) return
        await backend.scale('mcp-b1', 2)
        await new Promise((resolve) => setTimeout(resolve, 20))
        await backend.scale('mcp-a1', 0)
      }
    )
    expect(names(events[0])).toEqual(['mcp-a1'])
    expect(events[1]).toMatchObject({ event: 'server', data: { name: 'mcp-a1', replicas: 0 } })
  })

  it.each([
    ['no token', '?watch=true', undefined, 401],
    ['an unknown query key', '?watch=true&since=5', 'all', 400],
    ['a bad watch value', '?watch=yes', 'all', 400],
  ])('answers %s with a problem, not a stream', async (_, query, token, status) => {
    const { url } = manager()
    const response = await fetch(`${await url}/servers${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
  })

  it('ends the backend watch when the client leaves', async () => {
    const { backend, url } = manager()
    await follow(await url, 'all', (seen) => seen.length === 1)
    await vi.waitUntil(() => backend.openServerWatches === 0)
  })

  it('sends a heartbeat comment while nothing changes', async () => {
    const backend = new MemoryBackend([{ name: 'mcp-a1', replicas: 1 }])
    const url = await listen(createListApp({ backend }, { heartbeatMs: 10 }))
    const { events } = await follow(url, '', (seen) => seen.length === 3)
    expect(events.slice(1)).toEqual([{ comment: 'heartbeat' }, { comment: 'heartbeat' }])
  })

  it('serves every open stream from one watch of the servers', async () => {
    const { backend, url } = manager()
    const base = await url
    const leave = new AbortController()
    const streams = await Promise.all(
      ['all', 'all', 'only-a'].map((token) =>
        fetch(`${base}/servers?watch=true`, {
          headers: { authorization: `Bearer ${token}` },
          signal: leave.signal,
        })
      )
    )
    // Each has its list: all three are subscribed.
    for (const response of streams) await readEvents(response)[Symbol.asyncIterator]().next()
    expect(backend.calls.watch).toBe(1)
    leave.abort()
  })

  it('sends a burst of changes as one round, the latest state of each server', async () => {
    // A second to gather: longer than the burst takes on any machine.
    const { backend, url } = manager({}, { coalesceMs: 1000 })
    const { events } = await follow(
      await url,
      'all',
      (seen) => seen.some((e) => (e.data as { ready_replicas?: number }).ready_replicas === 30),
      async (seen) => {
        if (seen.length !== 1) return
        for (let replicas = 2; replicas <= 30; replicas++) await backend.scale('mcp-a1', replicas)
      }
    )
    const changes = events.slice(1)
    expect(changes.length).toBeLessThanOrEqual(2)
    expect(changes.at(-1)).toMatchObject({ event: 'server', data: { replicas: 30 } })
  })

  it('answers 503 with Retry-After past the streams allowed, in all and per principal', async () => {
    const streamSlots = new StreamSlots({ max: 2, perPrincipal: 1 })
    const { url } = manager({ streamSlots })
    const base = await url
    const leave = new AbortController()
    const open = (token: string, signal = leave.signal) =>
      fetch(`${base}/servers?watch=true`, { headers: { authorization: `Bearer ${token}` }, signal })
    const first = new AbortController()
    expect((await open('all', first.signal)).status).toBe(200)
    const again = await open('all')
    expect(again.status).toBe(503)
    expect(again.headers.get('retry-after')).toBe('5')
    expect(again.headers.get('content-type')).toBe('application/problem+json')
    expect(await again.json()).toMatchObject({ title: 'Too many streams' })
    expect((await open('only-a')).status).toBe(200)
    expect((await open('third')).status).toBe(503)
    first.abort()
    await vi.waitUntil(() => streamSlots.inUse === 1)
    expect((await open('third')).status).toBe(200)
    leave.abort()
  })
})
