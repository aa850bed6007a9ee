import { discoveredNamespaces } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it, vi } from 'vitest'
import { createStatusHubs, followStatusChanges } from './follow-status-changes.ts'
import { listUri, SERVERS_URI, serverUri } from './status-uris.ts'

describe('followStatusChanges', () => {
  it('reports a burst of changes to a server once, after the first state', async () => {
    const backend = new MemoryBackend([
      { name: 'weather', replicas: 0 },
      { name: 'maps', replicas: 0 },
    ])
    const reports: string[][] = []
    const stop = new AbortController()
    // A second to gather: longer than the burst takes on any machine.
    const source = { services: { backend }, hubs: createStatusHubs(1000) }
    void followStatusChanges(source, stop.signal, (uris) => reports.push(uris))
    await vi.waitUntil(() => backend.calls.watch > 0)
    await new Promise((resolve) => setTimeout(resolve, 50)) // the first state is read
    for (let replicas = 1; replicas <= 20; replicas++) await backend.scale('weather', replicas)
    await vi.waitUntil(() => reports.length > 0, { timeout: 5000 })
    // Wait out a second gathering period: nothing more is reported for the burst.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    stop.abort()
    expect(reports).toEqual([[SERVERS_URI, serverUri('weather')]])
  })

  it('reports the list of a namespace that comes to hold servers while followed', async () => {
    const backends = new Map([
      ['mcp', new MemoryBackend([{ name: 'weather', replicas: 0 }])],
      ['team-a', new MemoryBackend([{ name: 'github', replicas: 0 }])],
    ])
    const holding = new Set<string>()
    let announce = (_namespace: string) => {}
    const seen = {
      has: (namespace: string) => holding.has(namespace),
      list: () => [...holding].sort(),
      onAdded: (listener: (namespace: string) => void) => ((announce = listener), () => {}),
    }
    const namespaces = discoveredNamespaces('mcp', seen, (namespace) => ({
      namespace,
      backend: backends.get(namespace)!,
    }))
    const reports: string[][] = []
    const stop = new AbortController()
    const source = {
      services: { backend: backends.get('mcp')!, namespaces },
      hubs: createStatusHubs(20),
    }
    void followStatusChanges(source, stop.signal, (uris) => reports.push(uris))
    await vi.waitUntil(() => backends.get('mcp')!.calls.watch > 0)
    holding.add('team-a')
    announce('team-a')
    await vi.waitUntil(() => reports.length > 0, { timeout: 5000 })
    await backends.get('team-a')!.scale('github', 1)
    await vi.waitUntil(() => reports.length > 1, { timeout: 5000 })
    stop.abort()
    // The new namespace's list first, then its changes (a scale may be reported in steps).
    expect(reports.slice(0, 2)).toEqual([
      [listUri('team-a')],
      [listUri('team-a'), serverUri('github', 'team-a')],
    ])
  })
})
