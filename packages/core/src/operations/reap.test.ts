import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '../audit.ts'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { reapIdleServers } from './reap.ts'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const idleFor = (seconds: number, timeout = '1m') => ({
  'mcp-lifecycle/idle-timeout': timeout,
  'mcp-lifecycle/last-activity': new Date(NOW - seconds * 1000).toISOString(),
})

function backendWith() {
  return new MemoryBackend([
    { name: 'idle', replicas: 1, annotations: idleFor(120) },
    { name: 'busy', replicas: 1, annotations: idleFor(10) },
    {
      name: 'forever',
      replicas: 1,
      annotations: { 'mcp-lifecycle/last-activity': idleFor(3600)['mcp-lifecycle/last-activity'] },
    },
    { name: 'asleep', replicas: 0, annotations: idleFor(3600) },
  ])
}

describe('reapIdleServers', () => {
  it('asks before each stop whether it may still stop, and ends the pass when not (lease lost)', async () => {
    const backend = new MemoryBackend(
      ['a', 'b', 'c'].map((name) => ({ name, replicas: 1, annotations: idleFor(120) }))
    )
    let asked = 0
    const result = await reapIdleServers(
      { backend },
      { now: () => NOW, mayStop: async () => ++asked <= 1 }
    )
    expect(result.stopped).toEqual(['a'])
    expect(asked).toBe(2)
    expect(backend.peek('b')?.desiredReplicas).toBe(1)
    expect(backend.peek('c')?.desiredReplicas).toBe(1)
  })

  it('stops only the servers idle past their timeout, audited as a stop by reaper', async () => {
    const backend = backendWith()
    const audit: AuditRecord[] = []
    const result = await reapIdleServers(
      { backend, audit: (r) => audit.push(r) },
      { now: () => NOW }
    )
    expect(result).toEqual({ stopped: ['idle'], failed: [] })
    expect(backend.peek('idle')?.desiredReplicas).toBe(0)
    expect(backend.peek('busy')?.desiredReplicas).toBe(1)
    expect(backend.peek('forever')?.desiredReplicas).toBe(1)
    expect(audit).toEqual([
      expect.objectContaining({
        who: 'reaper',
        action: 'stop',
        server: 'idle',
        from: 1,
        to: 0,
        outcome: 'changed',
      }),
    ])
  })

  it('keeps a server with a request in flight that this process sees', async () => {
    const backend = backendWith()
    const result = await reapIdleServers(
      { backend },
      {
        now: () => NOW,
        activity: (name) => (name === 'idle' ? { inFlight: 1, sessionsSeen: [] } : undefined),
      }
    )
    expect(result.stopped).toEqual([])
  })

  it('stops under the stopping mark and decides again there', async () => {
    const backend = backendWith()
    const marked: string[] = []
    let inFlight = 0
    const result = await reapIdleServers(
      { backend },
      {
        now: () => NOW,
        activity: () => ({ inFlight, sessionsSeen: [] }),
        whileStopping: async (name, stop) => {
          marked.push(name)
          inFlight = 1 // a request came in between the list and the mark
          return stop()
        },
      }
    )
    expect(marked).toEqual(['idle'])
    expect(result.stopped).toEqual([])
    expect(backend.peek('idle')?.desiredReplicas).toBe(1)
  })

  it('needs the write scope from its caller', async () => {
    await expect(
      reapIdleServers({ backend: backendWith(), principal: { id: 'r', scope: 'read' } })
    ).rejects.toMatchObject({ kind: 'forbidden' })
  })
})
