import type { CachedBackend } from '@mcp-lifecycle/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  countedCachedBackend,
  createDeployment,
  createServedDeployment,
  createTestNamespace,
  type ClusterAccess,
} from './cluster-fixtures.ts'
import type { ApiRequestRecord } from './observed-fetch.ts'

// The long-running manager's backend on the local control plane: the cache against the live
// reads it replaces, counted with observeRequest on both the live backend and the feed.
let access: ClusterAccess
let backend: CachedBackend
const requests: ApiRequestRecord[] = []
const stop = new AbortController()

beforeAll(async () => {
  access = await createTestNamespace('cache')
  await createServedDeployment(access, { name: 'alpha', replicas: 1 })
  backend = await countedCachedBackend(access, requests, stop.signal)
})

afterAll(() => stop.abort())

describe('a cached backend on the cluster', () => {
  it('answers list and status reads with 0 API requests once synced', async () => {
    // Both watches answered: from here on nothing but a watch resuming may reach the API server.
    await vi.waitUntil(() => requests.filter((r) => r.verb === 'watch').length >= 2)
    requests.length = 0
    const reads = 200
    for (let i = 0; i < reads / 2; i++) {
      expect((await backend.listServers()).map((s) => s.deployment.name)).toEqual(['alpha'])
      const alpha = await backend.getServer('alpha')
      expect(alpha.services.map((s) => s.name)).toEqual(['alpha'])
    }
    expect(requests.filter((r) => r.verb !== 'watch')).toEqual([])
  })

  it('answers reads made before its first sync from that sync, with no request of their own', async () => {
    const early: ApiRequestRecord[] = []
    const ending = new AbortController()
    const fresh = await countedCachedBackend(access, early, ending.signal, { awaitSync: false })
    try {
      const [servers, alpha] = await Promise.all([fresh.listServers(), fresh.getServer('alpha')])
      expect(servers.map((s) => s.deployment.name)).toEqual(['alpha'])
      expect(alpha.services.map((s) => s.name)).toEqual(['alpha'])
      // The feed's LIST of each kind, and nothing else but watches.
      expect(early.filter((r) => r.verb !== 'watch')).toEqual([
        { verb: 'get', outcome: '200' },
        { verb: 'get', outcome: '200' },
      ])
    } finally {
      ending.abort()
    }
  })

  it('shows its own write to the very next read, and a change by another client soon after', async () => {
    await backend.scale('alpha', 2)
    expect((await backend.getServer('alpha')).deployment.desiredReplicas).toBe(2)
    await access.apps.replaceNamespacedDeploymentScale({
      name: 'alpha',
      namespace: access.namespace,
      body: { metadata: { name: 'alpha', namespace: access.namespace }, spec: { replicas: 3 } },
    })
    await vi.waitUntil(
      async () => (await backend.getServer('alpha')).deployment.desiredReplicas === 3,
      { timeout: 10_000 }
    )
  })

  it('sees a new server and a deleted Service through the watches', async () => {
    await createDeployment(access, { name: 'beta', replicas: 0 })
    await access.core.deleteNamespacedService({ name: 'alpha', namespace: access.namespace })
    await vi.waitUntil(
      async () => {
        const servers = await backend.listServers()
        return servers.length === 2 && servers.every((s) => s.services.length === 0)
      },
      { timeout: 10_000 }
    )
  })
})
