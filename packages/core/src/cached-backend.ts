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

/** How long a read before the first sync waits for it, by default, before it goes live. */
export const DEFAULT_FIRST_SYNC_WAIT_MS = 5000

export interface CachedBackendOptions extends FollowedCacheOptions {
  /** The namespace the backend serves, as the backend it wraps. */
  namespace: string
  /** Ends a not-found detail: where the server was looked for. */
  notFoundWhere?: string
  /** How long a read before the first sync waits for it (DEFAULT_FIRST_SYNC_WAIT_MS). */
  firstSyncWaitMs?: number
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
 * with no API request once synced. A read before the first sync waits for it (the list under
 * way) rather than listing every server again: a manager restarting under many polling clients
 * would otherwise send the API server one whole LIST per read. It goes live when a feed fails
 * first or the sync outlasts `firstSyncWaitMs`, and so does a read after a watch has failed for
 * `staleAfterMs`: a read is never staler than that, and an API server that is down still
 * answers 503. Writes and waits go live; a write's result is served at once.
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
  { cache, synced, firstAnswer }: FollowedCache,
  options: Pick<CachedBackendOptions, 'namespace' | 'notFoundWhere' | 'firstSyncWaitMs'>
): CachedBackend {
  const { namespace } = options
  const where = options.notFoundWhere ?? `in namespace '${namespace}'`
  const waitMs = options.firstSyncWaitMs ?? DEFAULT_FIRST_SYNC_WAIT_MS
  /** Whether a read can come from memory, once the first sync came (or will not come soon). */
  const inMemory = async () => {
    if (!cache.isSynced()) await settledWithin(firstAnswer, waitMs)
    return cache.isFresh()
  }
  return {
    synced,
    isFresh: () => cache.isFresh(),
    async listServers() {
      return (await inMemory()) ? cache.servers(namespace) : inner.listServers()
    },
    async getServer(name) {
      if (!(await inMemory())) return inner.getServer(name)
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
    async *watchServers(watchSignal) {
      if (!(await inMemory())) return yield* inner.watchServers(watchSignal)
      yield* followChanges(
        (onChange) => cache.onChange(onChange),
        () => cache.servers(namespace),
        watchSignal
      )
    },
  }
}

/** Resolves when `promise` does, or after `ms`, whichever is first. */
async function settledWithin(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))
  await Promise.race([promise, elapsed])
  clearTimeout(timer)
}
