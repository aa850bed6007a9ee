import { LifecycleError, type LifecycleBackend } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { createDirectClient } from './direct-client.ts'

function setup() {
  const backend = new MemoryBackend([
    { name: 'weather', replicas: 1 },
    { name: 'search', replicas: 0 },
    { name: 'web', replicas: 1, mcp: false },
  ])
  return {
    backend,
    client: createDirectClient({
      backend,
      limits: { maxReplicas: 5, maxTimeoutSeconds: 60 },
      target: 'memory',
    }),
  }
}

describe('createDirectClient', () => {
  it('lists the MCP servers sorted by name, as the API does', async () => {
    const { client } = setup()
    const { servers } = await client.list()
    expect(servers.map((s) => s.name)).toEqual(['search', 'weather'])
  })

  it('fills in the API defaults (start waits) and reports ready/desired meanwhile', async () => {
    const { client } = setup()
    const seen: string[] = []
    const view = await client.start(
      'search',
      {},
      { onProgress: (p) => seen.push(`${p.ready}/${p.desired}`) }
    )
    expect(view).toMatchObject({ status: 'running', replicas: 1, ready_replicas: 1 })
    expect(seen.at(-1)).toBe('1/1')
  })

  it('watches: the sorted list first, then again after a change, until the signal aborts', async () => {
    const { backend, client } = setup()
    const controller = new AbortController()
    const lists: string[][] = []
    const watching = (async () => {
      try {
        for await (const { servers } of client.watch(controller.signal)) {
          lists.push(servers.map((s) => `${s.name}:${s.replicas}`))
          if (lists.length === 1) await backend.scale('search', 2)
          if (servers.some((s) => s.name === 'search' && s.ready_replicas === 2)) controller.abort()
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error
      }
    })()
    await watching
    expect(lists[0]).toEqual(['search:0', 'weather:1'])
    expect(lists.at(-1)).toEqual(['search:2', 'weather:1'])
  })

  // The adapter's watch gives up after a few seconds of outage: an API server restart ended
  // `mcpl watch` (issue 26).
  describe('watch across an outage', () => {
    function flakyClient(failure: LifecycleError) {
      const { backend } = setup()
      let calls = 0
      const flaky: LifecycleBackend = Object.assign(Object.create(backend), {
        async *watchServers(signal: AbortSignal) {
          if (++calls === 1) {
            for await (const servers of backend.watchServers(signal)) {
              yield servers
              break
            }
            throw failure
          }
          yield* backend.watchServers(signal)
        },
      })
      const client = createDirectClient({
        backend: flaky,
        limits: { maxReplicas: 5, maxTimeoutSeconds: 60 },
        target: 'memory',
        retryDelayMs: 10,
      })
      return { backend, client, calls: () => calls }
    }

    it('follows the cluster again, from the whole list, when it was unavailable', async () => {
      const unavailable = new LifecycleError('unavailable', 'API server down', {
        fromKubernetes: true,
      })
      const { client, calls } = flakyClient(unavailable)
      const controller = new AbortController()
      const lists: string[][] = []
      try {
        for await (const { servers } of client.watch(controller.signal)) {
          lists.push(servers.map((s) => s.name))
          if (lists.length === 2) controller.abort()
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error
      }
      expect(lists).toEqual([
        ['search', 'weather'],
        ['search', 'weather'],
      ])
      expect(calls()).toBe(2)
    })

    it('ends on any other failure', async () => {
      const forbidden = new LifecycleError('forbidden', 'no', { fromKubernetes: true })
      const { client, calls } = flakyClient(forbidden)
      const watching = (async () => {
        for await (const _ of client.watch(new AbortController().signal));
      })()
      await expect(watching).rejects.toBe(forbidden)
      expect(calls()).toBe(1)
    })
  })
})
