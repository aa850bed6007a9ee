// Shared by the cluster tests of the manager's cache (the adapter's and apps/server's): the
// cached backend as the manager builds it, with every API request it sends counted.
import { createCachedBackend, type CachedBackend } from '@mcp-lifecycle/core'
import type { ClusterAccess } from '../cluster-fixtures.ts'
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
