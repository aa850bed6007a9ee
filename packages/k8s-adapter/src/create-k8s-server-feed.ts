import type { ServerFeed } from '@mcp-lifecycle/core'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { listWatchFeed } from './list-watch-feed.ts'
import { createAdapterContext, type AdapterConnection } from './create-adapter-context.ts'
import { toDeploymentSnapshot, toServiceSnapshot } from './to-snapshot.ts'
import { deploymentsKind, servicesKind } from './watched-kinds.ts'

export interface K8sServerFeedOptions extends AdapterConnection {
  watchTuning?: Partial<WatchTuning>
}

/**
 * The Kubernetes implementation of core's ServerFeed: a list-watch of the MCP server
 * Deployments (by label) and one of every Service of the namespace, on a connection pool of
 * its own. Keyed by each object's namespace, so a cluster-wide watch can later feed the same
 * cache.
 */
export function createK8sServerFeed(options: K8sServerFeedOptions = {}): ServerFeed {
  // Its own connection pool: a long watch must not hold a connection the operations need.
  const ctx = createAdapterContext(options)
  const tuning = { ...DEFAULT_WATCH_TUNING, ...options.watchTuning }
  return {
    deployments: (signal) =>
      listWatchFeed(ctx, deploymentsKind(ctx), toDeploymentSnapshot, signal, tuning),
    services: (signal) => listWatchFeed(ctx, servicesKind(ctx), toServiceSnapshot, signal, tuning),
  }
}
