import { describe, expect, it } from 'vitest'
import type { Principal } from '../access.ts'
import type { AuditRecord } from '../audit.ts'
import { RateLimiter, WaitSlots } from '../guards.ts'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { WEATHER_SCALED_1_TO_3 } from '../testing/scale-audit-record.ts'
import { scaleServer } from './scale.ts'
import { startServer } from './start.ts'
import { listServers } from './list.ts'

/** An operation context for `principal` whose audit records are kept in `records`. */
function audited(backend: MemoryBackend, principal: Principal) {
  const records: AuditRecord[] = []
  return { records, ctx: { backend, principal, audit: (r: AuditRecord) => records.push(r) } }
}

describe('mutations', () => {
  it('write one audit record per attempt: who, what, server, from, to, outcome', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
    const { ctx, records } = audited(backend, { id: 'agent-7', scope: 'write' })
    await scaleServer(ctx, 'weather', { replicas: 3, wait_ready: false, timeout: 5 })
    await startServer(ctx, 'weather', { wait_ready: false, timeout: 5 })
    await scaleServer(ctx, 'missing', { replicas: 1, wait_ready: false, timeout: 5 }).catch(
      () => {}
    )
    expect(records).toEqual([
      WEATHER_SCALED_1_TO_3,
      {
        who: 'agent-7',
        action: 'start',
        server: 'weather',
        from: 3,
        to: 3,
        dry_run: false,
        outcome: 'unchanged',
      },
      { who: 'agent-7', action: 'scale', server: 'missing', dry_run: false, outcome: 'not-found' },
    ])
  })

  it('refuse a read principal before any backend call, and audit the refusal', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const { ctx, records } = audited(backend, { id: 'viewer', scope: 'read' })
    await expect(
      startServer(ctx, 'weather', { wait_ready: false, timeout: 5 })
    ).rejects.toMatchObject({ kind: 'forbidden' })
    expect(backend.calls.get + backend.calls.scale).toBe(0)
    expect(records[0]).toMatchObject({ who: 'viewer', outcome: 'forbidden' })
  })

  it('are rate limited per principal', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const ctx = {
      backend,
      principal: { id: 'bot', scope: 'write' as const },
      rateLimiter: new RateLimiter(2, 1, () => 0),
    }
    const request = { replicas: 1, wait_ready: false, timeout: 5 }
    await scaleServer(ctx, 'weather', request)
    await scaleServer(ctx, 'weather', request)
    await expect(scaleServer(ctx, 'weather', request)).rejects.toMatchObject({
      kind: 'rate-limited',
    })
  })

  it('list only the servers a principal may touch', async () => {
    const backend = new MemoryBackend([
      { name: 'mcp-a', replicas: 0 },
      { name: 'other', replicas: 0 },
    ])
    const { servers } = await listServers({
      backend,
      principal: { id: 'x', scope: 'read', servers: 'mcp-*' },
    })
    expect(servers.map((s) => s.name)).toEqual(['mcp-a'])
  })

  it('take the wait slot before changing anything: "too many waits" leaves the server as it was', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 0 }])
    const waitSlots = new WaitSlots(1)
    const held = waitSlots.acquire()
    const ctx = { backend, waitSlots }
    await expect(
      startServer(ctx, 'weather', { wait_ready: true, timeout: 5 })
    ).rejects.toMatchObject({ kind: 'unavailable', title: 'Too many waits in progress' })
    await expect(
      scaleServer(ctx, 'weather', { replicas: 2, wait_ready: true, timeout: 5 })
    ).rejects.toMatchObject({ kind: 'unavailable' })
    expect(backend.calls.scale).toBe(0)
    expect(backend.peek('weather')?.desiredReplicas).toBe(0)
    // Without a wait no slot is needed.
    await scaleServer(ctx, 'weather', { replicas: 2, wait_ready: false, timeout: 5 })
    expect(backend.peek('weather')?.desiredReplicas).toBe(2)
    held()
    expect(waitSlots.inUse).toBe(0)
  })

  it('give the wait slot back whatever the outcome', async () => {
    const backend = new MemoryBackend([{ name: 'stuck', replicas: 0, neverReady: true }])
    const waitSlots = new WaitSlots(1)
    await startServer({ backend, waitSlots }, 'stuck', { wait_ready: true, timeout: 1 }).catch(
      () => {}
    )
    expect(waitSlots.inUse).toBe(0)
  })

  it('audit the change and the wait apart: applied, then the wait timed out', async () => {
    const backend = new MemoryBackend([{ name: 'stuck', replicas: 0, neverReady: true }])
    const records: AuditRecord[] = []
    const ctx = { backend, audit: (r: AuditRecord) => records.push(r) }
    await expect(startServer(ctx, 'stuck', { wait_ready: true, timeout: 1 })).rejects.toMatchObject(
      { kind: 'timeout' }
    )
    expect(records).toEqual([
      expect.objectContaining({ from: 0, to: 1, outcome: 'changed', wait: 'timeout' }),
    ])
  })
})
