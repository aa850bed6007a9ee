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
})
