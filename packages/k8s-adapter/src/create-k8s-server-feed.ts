import type { ServerFeed } from '@mcp-lifecycle/core'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { listWatchFeed } from './list-watch-feed.ts'
import type { AdapterContext } from './adapter-context.ts'
import { createAdapterContext, type AdapterConnection } from './create-adapter-context.ts'
import { toDeploymentSnapshot, toServiceSnapshot } from './to-snapshot.ts'
import { clusterDeploymentsKind, clusterServicesKind } from './cluster-kinds.ts'
import { deploymentsKind, servicesKind } from './watched-kinds.ts'

export interface K8sServerFeedOptions extends AdapterConnection {
  watchTuning?: Partial<WatchTuning>
}

/**
 * The Kubernetes implementation of core's ServerFeed: a list-watch of the MCP server
 * Deployments (by label) and one of every Service of the namespace. Keyed by each object's namespace, so a cluster-wide watch can later feed the same
 * cache.
 */
export function createK8sServerFeed(options: K8sServerFeedOptions = {}): ServerFeed {
  return serverFeedOver(createAdapterContext(options), {
    ...DEFAULT_WATCH_TUNING,
    ...options.watchTuning,
  })
}

/** The feed over an adapter's context (the adapter's own clients, so its requests are metered). */
export function serverFeedOver(ctx: AdapterContext, tuning: WatchTuning): ServerFeed {
  return {
    deployments: (signal) =>
      listWatchFeed(ctx, deploymentsKind(ctx), toDeploymentSnapshot, signal, tuning),
    services: (signal) => listWatchFeed(ctx, servicesKind(ctx), toServiceSnapshot, signal, tuning),
  }
}

/** The same over every namespace (all managed, `*`): one cluster-scoped list-watch per kind. */
export function clusterFeedOver(ctx: AdapterContext, tuning: WatchTuning): ServerFeed {
  return {
    deployments: (signal) =>
      listWatchFeed(ctx, clusterDeploymentsKind(ctx), toDeploymentSnapshot, signal, tuning),
    services: (signal) =>
      listWatchFeed(ctx, clusterServicesKind(ctx), toServiceSnapshot, signal, tuning),
  }
}
