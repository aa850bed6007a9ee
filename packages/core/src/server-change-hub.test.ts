import { describe, expect, it, vi } from 'vitest'
import type { LifecycleBackend } from './backend.ts'
import { DiscoverySummaries } from './discovery-summaries.ts'
import { createServerChangeHub, type ChangeEventType } from './server-change-hub.ts'
import type { ServerSnapshot } from './snapshot.ts'
import { MemoryBackend } from './testing/memory-backend.ts'

/** A backend whose watchServers yields what the test pushes, each list once pulled. */
function pushedBackend() {
  const backend = new MemoryBackend()
  const queue: (ServerSnapshot[] | Error | 'end')[] = []
  let wake: (() => void) | undefined
  backend.watchServers = async function* (signal) {
    backend.calls.watch++
    while (!signal.aborted) {
      const next = queue.shift()
      if (next === 'end') return
      if (next instanceof Error) throw next
      if (next) yield next
      else await new Promise<void>((resolve) => (wake = resolve))
    }
  }
  const push = (item: ServerSnapshot[] | Error | 'end') => {
    queue.push(item)
    wake?.()
  }
  return { backend, push }
}

const server = (name: string, replicas: number, annotations: Record<string, string> = {}) => {
  const memory = new MemoryBackend([{ name, replicas, annotations }])
  return { deployment: memory.peek(name)!, services: [] }
}

/** Events as `type:name=replicas`, one string per event, from a readable encoding. */
function subscriber(backend: LifecycleBackend, servers?: string, coalesceMs = 1) {
  const encoded: string[] = []
  const encode = (type: ChangeEventType, json: string) => {
    encoded.push(type)
    return describeEvent(type, JSON.parse(json))
  }
  const hub = createServerChangeHub({ backend, encode, coalesceMs })
  const events: string[] = []
  let ended: unknown = 'open'
  const listener = {
    list: (frame: string) => events.push(frame),
    changes: (changes: { frame: string }[]) => events.push(...changes.map((c) => c.frame)),
    ended: (error?: unknown) => (ended = error),
  }
  const principal = { id: 'p', scope: 'read' as const, ...(servers && { servers }) }
  const stop = hub.subscribe(principal, listener)
  return { hub, events, encoded, listener, stop, ended: () => ended }
}

function describeEvent(type: ChangeEventType, data: Record<string, unknown>): string {
  if (type === 'list')
    return `list:${(data.servers as { name: string }[]).map((s) => s.name).join(',')}`
  if (type === 'removed') return `removed:${String(data.name)}`
  const activity = data.last_activity ? `@${String(data.last_activity)}` : ''
  return `server:${String(data.name)}=${String(data.replicas)}${activity}`
}

describe('createServerChangeHub', () => {
  it('sends the sorted list, then only the servers that changed, appeared or went away', async () => {
    const { backend, push } = pushedBackend()
    const { events } = subscriber(backend)
    const activity = { 'mcp-lifecycle/last-activity': '2026-12-01T10:00:00Z' }
    const steps = [
      [server('b', 1), server('a', 0)],
      [server('b', 1), server('a', 2)],
      [server('b', 1, activity), server('a', 2), server('c', 0)],
      [server('a', 2), server('c', 0)],
    ]
    const expected = [1, 2, 4, 5]
    for (const [i, list] of steps.entries()) {
      push(list)
      await vi.waitUntil(() => events.length === expected[i])
    }
    expect(events).toEqual([
      'list:a,b',
      'server:a=2',
      'server:b=1@2026-12-01T10:00:00.000Z',
      'server:c=0',
      'removed:b',
    ])
  })

  it('leaves out the servers the principal may not touch, changes included', async () => {
    const { backend, push } = pushedBackend()
    const { events } = subscriber(backend, 'mcp-a*')
    push([server('mcp-a1', 0), server('other', 0)])
    await vi.waitUntil(() => events.length === 1)
    push([server('mcp-a1', 0), server('other', 1)])
    push([server('mcp-a1', 1)])
    await vi.waitUntil(() => events.length === 2)
    expect(events).toEqual(['list:mcp-a1', 'server:mcp-a1=1'])
  })

  it('watches once and encodes each change once, whatever the number of subscribers', async () => {
    const { backend, push } = pushedBackend()
    const first = subscriber(backend)
    const { hub, encoded } = first
    const others = [1, 2, 3].map(() => {
      const events: string[] = []
      hub.subscribe(undefined, {
        list: (frame) => events.push(frame),
        changes: (changes) => events.push(...changes.map((c) => c.frame)),
        ended: () => {},
      })
      return events
    })
    push([server('a', 0), server('b', 0)])
    await vi.waitUntil(() => others.every((events) => events.length === 1))
    push([server('a', 1), server('b', 0)])
    await vi.waitUntil(() => others.every((events) => events.length === 2))
    expect(others.map((events) => events.at(-1))).toEqual([
      'server:a=1',
      'server:a=1',
      'server:a=1',
    ])
    expect(backend.calls.watch).toBe(1)
    // One list for the one pattern, one event for the one change.
    expect(encoded).toEqual(['list', 'server'])
  })

  it('sends a burst as one round: the latest view of each server', async () => {
    const { backend, push } = pushedBackend()
    // Long enough for the whole burst to be pushed before the flush, on any machine.
    const { events } = subscriber(backend, undefined, 1000)
    push([server('a', 0), server('b', 0)])
    await vi.waitUntil(() => events.length === 1)
    for (let replicas = 1; replicas <= 50; replicas++) push([server('a', replicas), server('b', 0)])
    push([server('a', 50), server('b', 3)])
    await vi.waitUntil(() => events.length > 1, { timeout: 5000 })
    expect(events).toEqual(['list:a,b', 'server:a=50', 'server:b=3'])
  })

  it('gives a late subscriber the current list at once', async () => {
    const { backend, push } = pushedBackend()
    const { hub, events } = subscriber(backend)
    push([server('a', 0)])
    await vi.waitUntil(() => events.length === 1)
    push([server('a', 2), server('b', 1)])
    await vi.waitUntil(() => events.length === 3)
    const late: string[] = []
    hub.subscribe(undefined, { list: (f) => late.push(f), changes: () => {}, ended: () => {} })
    expect(late).toEqual(['list:a,b'])
  })

  it('ends every subscription when the watch fails, and stops watching when the last leaves', async () => {
    const { backend, push } = pushedBackend()
    const failing = subscriber(backend)
    push([server('a', 0)])
    await vi.waitUntil(() => failing.events.length === 1)
    push(new Error('watch broke'))
    await vi.waitUntil(() => failing.ended() !== 'open')
    expect(failing.ended()).toEqual(new Error('watch broke'))

    const watching = backend.watchServers.bind(backend)
    let signal: AbortSignal | undefined
    backend.watchServers = (s) => ((signal = s), watching(s))
    const leaving = subscriber(backend)
    push([server('a', 0)])
    await vi.waitUntil(() => leaving.events.length === 1)
    expect(signal?.aborted).toBe(false)
    leaving.stop()
    expect(signal?.aborted).toBe(true)
    expect(leaving.ended()).toBe('open')
  })
})

describe('the change hub and what is known of discovery', () => {
  it('sends a server event with its discovery view when only that changed', async () => {
    const { backend, push } = pushedBackend()
    const summaries = new DiscoverySummaries()
    const hub = createServerChangeHub({
      backend,
      encode: (type: ChangeEventType, json: string) => `${type}:${json}`,
      coalesceMs: 1,
      discovery: summaries,
    })
    const frames: string[] = []
    hub.subscribe(undefined, {
      list: (frame) => void frames.push(frame),
      changes: (changes) => void frames.push(...changes.map((c) => c.frame)),
      ended: () => {},
    })
    const s = server('s', 0)
    push([{ ...s, deployment: { ...s.deployment, templateHash: 't1' } }])
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    expect(frames[0]).not.toContain('discovery')
    summaries.kept('s', 't1', {
      revision: '2026-07-28',
      method: 'tools/list',
      cursor: '',
      result: {},
      takenAt: Date.parse('2026-12-07T10:00:00Z'),
      scope: 'public',
    })
    await vi.waitFor(() => expect(frames).toHaveLength(2))
    expect(JSON.parse(frames[1]!.slice('server:'.length))).toMatchObject({
      name: 's',
      discovery: { kept: true, taken_at: '2026-12-07T10:00:00.000Z', revisions: ['2026-07-28'] },
    })
  })
})
