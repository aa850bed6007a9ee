import { describe, expect, it } from 'vitest'
import type { AuditRecord } from '../audit.ts'
import { RateLimiter } from '../guards.ts'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { scaleServer } from './scale.ts'
import { startServer } from './start.ts'
import { listServers } from './list.ts'

describe('mutations', () => {
  it('write one audit record per attempt: who, what, server, from, to, outcome', async () => {
    const backend = new MemoryBackend([{ name: 'weather', replicas: 1 }])
    const records: AuditRecord[] = []
    const ctx = {
      backend,
      principal: { id: 'agent-7', scope: 'write' as const },
      audit: (r: AuditRecord) => records.push(r),
    }
    await scaleServer(ctx, 'weather', { replicas: 3, wait_ready: false, timeout: 5 })
    await startServer(ctx, 'weather', { wait_ready: false, timeout: 5 })
    await scaleServer(ctx, 'missing', { replicas: 1, wait_ready: false, timeout: 5 }).catch(
      () => {}
    )
    expect(records).toEqual([
      {
        who: 'agent-7',
        action: 'scale',
        server: 'weather',
        from: 1,
        to: 3,
        dry_run: false,
        outcome: 'changed',
      },
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
    const records: AuditRecord[] = []
    const ctx = {
      backend,
      principal: { id: 'viewer', scope: 'read' as const },
      audit: (r: AuditRecord) => records.push(r),
    }
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
})
