import { describe, expect, it } from 'vitest'
import type { LifecycleBackend } from '../backend.ts'
import type { ServerChange } from '../server-change.ts'
import type { ServerSnapshot } from '../snapshot.ts'
import { MemoryBackend } from '../testing/memory-backend.ts'
import { watchServerList } from './watch-list.ts'

/** A backend whose watchServers yields the given lists, then ends. */
function backendYielding(lists: ServerSnapshot[][]): LifecycleBackend {
  const backend = new MemoryBackend()
  backend.watchServers = async function* () {
    yield* lists
  }
  return backend
}

const server = (name: string, replicas: number, annotations: Record<string, string> = {}) => {
  const memory = new MemoryBackend([{ name, replicas, annotations }])
  return { deployment: memory.peek(name)!, services: [] }
}

async function collect(backend: LifecycleBackend, servers?: string): Promise<ServerChange[]> {
  const principal = { id: 'p', scope: 'read' as const, ...(servers && { servers }) }
  const changes: ServerChange[] = []
  for await (const change of watchServerList({ backend, principal }, new AbortController().signal))
    changes.push(change)
  return changes
}

describe('watchServerList', () => {
  it('sends the sorted list, then only the servers that changed, appeared or went away', async () => {
    const activity = { 'mcp-lifecycle/last-activity': '2026-12-01T10:00:00Z' }
    const changes = await collect(
      backendYielding([
        [server('b', 1), server('a', 0)],
        [server('b', 1), server('a', 2)],
        [server('b', 1, activity), server('a', 2), server('c', 0)],
        [server('a', 2), server('c', 0)],
      ])
    )
    expect(changes.map(describeChange)).toEqual([
      'list:a,b',
      'server:a=2',
      'server:b=1@2026-12-01T10:00:00.000Z',
      'server:c=0',
      'removed:b',
    ])
  })

  it('leaves out the servers the principal may not touch, changes included', async () => {
    const changes = await collect(
      backendYielding([
        [server('mcp-a1', 0), server('other', 0)],
        [server('mcp-a1', 0), server('other', 1)],
        [server('mcp-a1', 1)],
      ]),
      'mcp-a*'
    )
    expect(changes.map(describeChange)).toEqual(['list:mcp-a1', 'server:mcp-a1=1'])
  })
})

function describeChange(change: ServerChange): string {
  if (change.type === 'list') return `list:${change.servers.map((s) => s.name)}`
  if (change.type === 'removed') return `removed:${change.name}`
  const { name, replicas, last_activity } = change.server
  return `server:${name}=${replicas}${last_activity ? `@${last_activity}` : ''}`
}
