import { describe, expect, it } from 'vitest'
import type { LifecycleBackend } from '../backend.ts'
import type { ServerSnapshot } from '../snapshot.ts'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { listServers } from './list.ts'

/** A backend that answers the same array until told otherwise, as the manager's cache does. */
async function steadyBackend(names: string[]) {
  let servers: ServerSnapshot[] = await new MemoryBackend(
    names.map((name) => ({ name, replicas: 1 }))
  ).listServers()
  const backend = { listServers: async () => servers } as unknown as LifecycleBackend
  return { backend, change: (next: ServerSnapshot[]) => void (servers = next), servers }
}

describe('listServers', () => {
  it('sorts by name, and builds the summaries once for an unchanged list', async () => {
    const { backend, change, servers } = await steadyBackend(['b', 'a', 'c'])
    const first = (await listServers({ backend })).servers
    expect(first.map((s) => s.name)).toEqual(['a', 'b', 'c'])
    expect((await listServers({ backend })).servers).toBe(first)

    change(servers.slice(1))
    const next = (await listServers({ backend })).servers
    expect(next).not.toBe(first)
    expect(next.map((s) => s.name)).toEqual(['a', 'c'])
  })

  it('shows a principal limited to some servers only those, without changing the kept list', async () => {
    const { backend } = await steadyBackend(['mcp-a1', 'mcp-b1', 'mcp-a2'])
    const principal = { id: 't', scope: 'read' as const, servers: 'mcp-a*' }
    const limited = (await listServers({ backend, principal })).servers
    expect(limited.map((s) => s.name)).toEqual(['mcp-a1', 'mcp-a2'])
    expect((await listServers({ backend })).servers.map((s) => s.name)).toEqual([
      'mcp-a1',
      'mcp-a2',
      'mcp-b1',
    ])
  })
})
