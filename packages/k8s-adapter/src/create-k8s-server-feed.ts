import type { V1Deployment } from '@kubernetes/client-node'
import type { ServerFeed } from '@mcp-lifecycle/core'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { servicesFeedResource } from './list-server-services.ts'
import { listWatchFeed } from './list-watch-feed.ts'
import type { AdapterContext } from './adapter-context.ts'
import { createAdapterContext, type AdapterConnection } from './create-adapter-context.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'

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
  return serverFeedOver(createAdapterContext(options), {
    ...DEFAULT_WATCH_TUNING,
    ...options.watchTuning,
  })
}

/** The feed over an adapter's context (the adapter's own clients, so its requests are metered). */
export function serverFeedOver(ctx: AdapterContext, tuning: WatchTuning): ServerFeed {
  const base = `/namespaces/${ctx.namespace}`
  return {
    deployments: (signal) =>
      listWatchFeed<V1Deployment, ReturnType<typeof toDeploymentSnapshot>>(
        ctx,
        {
          what: 'Watching MCP servers',
          path: `/apis/apps/v1${base}/deployments`,
          labelSelector: ctx.selector,
          list: (s) =>
            ctx.api.apps.listNamespacedDeployment(
              { namespace: ctx.namespace, labelSelector: ctx.selector },
              ctx.api.abortedBy(s)
            ),
          toSnapshot: toDeploymentSnapshot,
        },
        signal,
        tuning
      ),
    services: (signal) => listWatchFeed(ctx, servicesFeedResource(ctx), signal, tuning),
  }
}
