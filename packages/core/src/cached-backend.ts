import type { LifecycleBackend } from './backend.ts'
import { serverNotFound } from './errors.ts'
import { followChanges } from './follow-changes.ts'
import {
  followServerFeed,
  type FollowedCache,
  type FollowedCacheOptions,
} from './followed-cache.ts'
import type { ServerFeed } from './server-feed.ts'

export { DEFAULT_STALE_AFTER_MS } from './followed-cache.ts'

export interface CachedBackendOptions extends FollowedCacheOptions {
  /** The namespace the backend serves, as the backend it wraps. */
  namespace: string
  /** Ends a not-found detail: where the server was looked for. */
  notFoundWhere?: string
}

/** A LifecycleBackend that answers reads from memory, and says whether it can. */
export interface CachedBackend extends LifecycleBackend {
  /** Resolves once both kinds were listed (never, if the signal aborts first). */
  readonly synced: Promise<void>
  /** True while reads are answered from memory. */
  isFresh(): boolean
}

/**
 * The long-running manager's backend: reads come from a cache fed by one list-watch per kind,
 * with no API request once synced. Before the first sync, or after a watch has failed for
 * `staleAfterMs`, they go live, so a read is never staler than that and an API server that is
 * down still answers 503. Writes and waits go live; a write's result is served at once.
 */
export function createCachedBackend(
  inner: LifecycleBackend,
  feed: ServerFeed,
  options: CachedBackendOptions
): CachedBackend {
  return cachedBackendOver(inner, followServerFeed(feed, options), options)
}

/**
 * The same over a cache followed already, shared by several namespaces (one cluster-wide
 * list-watch per kind, every namespace managed): each backend reads its own namespace of it.
 */
export function cachedBackendOver(
  inner: LifecycleBackend,
  { cache, synced }: FollowedCache,
  options: Pick<CachedBackendOptions, 'namespace' | 'notFoundWhere'>
): CachedBackend {
  const { namespace } = options
  const where = options.notFoundWhere ?? `in namespace '${namespace}'`
  return {
    synced,
    isFresh: () => cache.isFresh(),
    async listServers() {
      return cache.isFresh() ? cache.servers(namespace) : inner.listServers()
    },
    async getServer(name) {
      if (!cache.isFresh()) return inner.getServer(name)
      const server = cache.server(namespace, name)
      if (!server) throw serverNotFound(name, where)
      return server
    },
    async scale(name, replicas, mutation) {
      const deployment = await inner.scale(name, replicas, mutation)
      if (!mutation?.dryRun) cache.wrote(namespace, deployment)
      return deployment
    },
    deletePods: (name, mutation) => inner.deletePods(name, mutation),
    watchServer: (name, watchSignal) => inner.watchServer(name, watchSignal),
    watchServers(watchSignal) {
      if (!cache.isFresh()) return inner.watchServers(watchSignal)
      return followChanges(
        (onChange) => cache.onChange(onChange),
        () => cache.servers(namespace),
        watchSignal
      )
    },
  }
}
