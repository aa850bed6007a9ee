// Shared by the cluster tests of the manager's cache (the adapter's and apps/server's): the
// cached backend as the manager builds it, with every API request it sends counted.
import { createCachedBackend, type CachedBackend } from '@mcp-lifecycle/core'
import { afterAll, beforeAll } from 'vitest'
import { createTestNamespace, type ClusterAccess } from '../cluster-fixtures.ts'
import { createK8sBackend } from '../create-k8s-backend.ts'
import { createK8sServerFeed } from '../create-k8s-server-feed.ts'
import type { ApiRequestRecord } from '../observed-fetch.ts'

/**
 * The cached backend over `access`'s namespace, live backend and feed both pushing each request
 * they send to `requests`; resolves once synced (at once with `awaitSync: false`). `signal` ends
 * its watches.
 */
export async function countedCachedBackend(
  access: ClusterAccess,
  requests: ApiRequestRecord[],
  signal: AbortSignal,
  { awaitSync = true } = {}
): Promise<CachedBackend> {
  const cluster = { kubeConfig: access.kubeConfig, namespace: access.namespace }
  const observeRequest = (record: ApiRequestRecord) => requests.push(record)
  const backend = createCachedBackend(
    createK8sBackend({ ...cluster, observeRequest }),
    createK8sServerFeed({ ...cluster, observeRequest }),
    { namespace: access.namespace, signal }
  )
  if (awaitSync) await backend.synced
  return backend
}

/** One test file's counted cache: its namespace, the synced backend, the requests it sent. */
export interface CountedCacheScene {
  access: ClusterAccess
  backend: CachedBackend
  requests: ApiRequestRecord[]
}

/**
 * Sets up a test file's counted cache: before all its tests, a fresh namespace (prefixed
 * `prefix`) that `seed` fills, then the synced cached backend over it; after all, its watches
 * end. The fields are set once the file's beforeAll hooks have run.
 */
export function useCountedCachedBackend(
  prefix: string,
  seed: (access: ClusterAccess) => Promise<void>
): CountedCacheScene {
  const scene = { requests: [] as ApiRequestRecord[] } as CountedCacheScene
  const stop = new AbortController()
  beforeAll(async () => {
    scene.access = await createTestNamespace(prefix)
    await seed(scene.access)
    scene.backend = await countedCachedBackend(scene.access, scene.requests, stop.signal)
  })
  afterAll(() => stop.abort())
  return scene
}
