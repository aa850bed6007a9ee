import { ServerCache, type FeedKind } from './server-cache.ts'
import type { FeedEvent, ServerFeed } from './server-feed.ts'

/** How long a broken watch may last before reads go to the API server again, by default. */
export const DEFAULT_STALE_AFTER_MS = 10_000

export interface FollowedCacheOptions {
  /** Stops following the feed (the process shuts down). */
  signal: AbortSignal
  staleAfterMs?: number
  now?: () => number
  /** Told of every failure the feed reports (it retries by itself). */
  onFeedFailure?: (kind: 'deployments' | 'services', error: unknown) => void
}

/** A cache of MCP servers kept by a feed, for one namespace or for all (a cluster-wide feed). */
export interface FollowedCache {
  cache: ServerCache
  /** Resolves once both kinds were listed (never, if the signal aborts first). */
  synced: Promise<void>
  /** Resolves once both kinds were listed, or a feed failed before that: whichever comes first. */
  firstAnswer: Promise<void>
}

// A feed that ended or threw (it should not) is followed again after this pause.
const REFOLLOW_MS = 1000

/** Follows both kinds of `feed` into a new cache until the signal aborts. */
export function followServerFeed(feed: ServerFeed, options: FollowedCacheOptions): FollowedCache {
  const { signal } = options
  const cache = new ServerCache({
    staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    now: options.now ?? Date.now,
  })
  let failedBeforeSync = () => {}
  const failed = new Promise<void>((resolve) => (failedBeforeSync = resolve))
  const report = (kind: FeedKind, error: unknown) => {
    if (!cache.isSynced()) failedBeforeSync()
    options.onFeedFailure?.(kind, error)
  }
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
  return { cache, synced, firstAnswer: Promise.race([synced, failed]) }
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
