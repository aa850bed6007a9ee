import type { LifecycleBackend } from './backend.ts'
import { serverNotFound } from './errors.ts'
import { followChanges } from './follow-changes.ts'
import { ServerCache } from './server-cache.ts'
import type { FeedEvent, ServerFeed } from './server-feed.ts'
import type { ServerSnapshot } from './snapshot.ts'

/** How long a broken watch may last before reads go to the API server again, by default. */
export const DEFAULT_STALE_AFTER_MS = 10_000

export interface CachedBackendOptions {
  /** The namespace the backend serves, as the backend it wraps. */
  namespace: string
  /** Stops following the feed (the process shuts down). */
  signal: AbortSignal
  /** Ends a not-found detail: where the server was looked for. */
  notFoundWhere?: string
  staleAfterMs?: number
  now?: () => number
  /** Told of every failure the feed reports (it retries by itself). */
  onFeedFailure?: (kind: 'deployments' | 'services', error: unknown) => void
}

/** A LifecycleBackend that answers reads from memory, and says whether it can. */
export interface CachedBackend extends LifecycleBackend {
  /** Resolves once both kinds were listed (never, if the signal aborts first). */
  readonly synced: Promise<void>
  /** True while reads are answered from memory. */
  isFresh(): boolean
}

// A feed that ended or threw (it should not) is followed again after this pause.
const REFOLLOW_MS = 1000

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
  const { namespace, signal } = options
  const cache = new ServerCache({
    staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    now: options.now ?? Date.now,
  })
  const where = options.notFoundWhere ?? `in namespace '${namespace}'`
  const report = options.onFeedFailure ?? (() => {})
  follow(
    signal,
    () => feed.deployments(signal),
    (e) => cache.applyDeployments(e),
    (error) => report('deployments', error)
  )
  follow(
    signal,
    () => feed.services(signal),
    (e) => cache.applyServices(e),
    (error) => report('services', error)
  )
  const synced = new Promise<void>((resolve) => {
    const stop = cache.onChange(() => cache.isSynced() && (stop(), resolve()))
  })

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

/** Feeds `apply` from `open()` until the signal aborts, opening it again if it ever ends. */
async function follow<T>(
  signal: AbortSignal,
  open: () => AsyncIterable<FeedEvent<T>>,
  apply: (event: FeedEvent<T>) => void,
  report: (error: unknown) => void
): Promise<void> {
  while (!signal.aborted) {
    try {
      for await (const event of open()) {
        if (event.type === 'failed') report(event.error)
        apply(event)
      }
    } catch (error) {
      if (signal.aborted) return
      report(error)
      apply({ type: 'failed', error })
    }
    await new Promise((resolve) => setTimeout(resolve, REFOLLOW_MS))
  }
}
