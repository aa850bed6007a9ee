import type { FeedEvent, Placed } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { listWatch, type ListWatchStep, type WatchTuning } from './list-watch.ts'
import type { KubeObject, WatchedKind } from './watched-kinds.ts'

/**
 * List-then-watch of one kind, for a cache (core's ServerFeed): the whole list first, then
 * every change, as snapshots placed in their namespace. It never gives up: each failure is
 * reported as a `failed` event and retried, and each answered watch as `connected`, so the
 * cache knows how long it has been blind. Only the signal ends it.
 */
export function listWatchFeed<O extends KubeObject, S>(
  ctx: AdapterContext,
  kind: WatchedKind<O>,
  toSnapshot: (object: O) => S,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<FeedEvent<S>> {
  const place = (object: O): Placed<S> => ({
    namespace: object.metadata?.namespace ?? ctx.namespace,
    object: toSnapshot(object),
  })
  const toFeedEvent = (step: ListWatchStep<O>): FeedEvent<S> => {
    if (step.type === 'list') return { type: 'list', items: step.items.map(place) }
    if (step.type === 'connected' || step.type === 'failed') return step
    return { type: step.type === 'DELETED' ? 'delete' : 'upsert', item: place(step.object) }
  }
  return listWatch(ctx, kind, toFeedEvent, signal, { tuning, giveUp: 'never' })
}
