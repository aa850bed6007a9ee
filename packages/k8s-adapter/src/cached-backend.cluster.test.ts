import { describe, expect, it, vi } from 'vitest'
import { createDeployment, createServedDeployment, scaleDeployment } from './cluster-fixtures.ts'
import type { ApiRequestRecord } from './observed-fetch.ts'
import { countedCachedBackend, useCountedCachedBackend } from './testing/counted-cached-backend.ts'

// The long-running manager's backend on the local control plane: the cache against the live
// reads it replaces, counted with observeRequest on both the live backend and the feed.
const scene = useCountedCachedBackend('cache', (access) =>
  createServedDeployment(access, { name: 'alpha', replicas: 1 })
)
const { requests } = scene

describe('a cached backend on the cluster', () => {
  it('answers list and status reads with 0 API requests once synced', async () => {
    // Both watches answered: from here on nothing but a watch resuming may reach the API server.
    await vi.waitUntil(() => requests.filter((r) => r.verb === 'watch').length >= 2)
    requests.length = 0
    const reads = 200
    for (let i = 0; i < reads / 2; i++) {
      expect((await scene.backend.listServers()).map((s) => s.deployment.name)).toEqual(['alpha'])
      const alpha = await scene.backend.getServer('alpha')
      expect(alpha.services.map((s) => s.name)).toEqual(['alpha'])
    }
    expect(requests.filter((r) => r.verb !== 'watch')).toEqual([])
  })

  it('answers reads made before its first sync from that sync, with no request of their own', async () => {
    const early: ApiRequestRecord[] = []
    const ending = new AbortController()
    const fresh = await countedCachedBackend(scene.access, early, ending.signal, {
      awaitSync: false,
    })
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
    await scene.backend.scale('alpha', 2)
    expect((await scene.backend.getServer('alpha')).deployment.desiredReplicas).toBe(2)
    await scaleDeployment(scene.access, 'alpha', 3)
    await vi.waitUntil(
      async () => (await scene.backend.getServer('alpha')).deployment.desiredReplicas === 3,
      { timeout: 10_000 }
    )
  })

  it('sees a new server and a deleted Service through the watches', async () => {
    await createDeployment(scene.access, { name: 'beta', replicas: 0 })
    await scene.access.core.deleteNamespacedService({
      name: 'alpha',
      namespace: scene.access.namespace,
    })
    await vi.waitUntil(
      async () => {
        const servers = await scene.backend.listServers()
        return servers.length === 2 && servers.every((s) => s.services.length === 0)
      },
      { timeout: 10_000 }
    )
  })
})
