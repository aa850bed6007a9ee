import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { describe, expect, it, vi } from 'vitest'
import { createStatusHubs, followStatusChanges } from './follow-status-changes.ts'
import { SERVERS_URI, serverUri } from './status-uris.ts'

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
})
