import type { FeedEvent, Placed } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import type { WatchTuning } from './list-watch.ts'
import { readWatchEvents } from './watch-events.ts'

interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string }
}

/** One kind to follow: how to list it, where to watch it, how to read one object. */
export interface FeedResource<O extends KubeObject, S> {
  /** What the failures say, e.g. 'Watching Services'. */
  what: string
  /** The collection's path, e.g. /api/v1/namespaces/mcp/services. */
  path: string
  labelSelector?: string
  list(signal: AbortSignal): Promise<{ items: O[]; metadata?: { resourceVersion?: string } }>
  toSnapshot(object: O): S
}

/** The watch asked us to start over (410 Gone: our resourceVersion is too old). */
class WatchExpired extends Error {}

/**
 * List-then-watch of one kind, for a cache: the whole list first, then every change. A stream
 * that ends is resumed from the last resourceVersion seen (bookmarks included); a 410 Gone
 * lists again. It never gives up: each failure is reported as a `failed` event and retried
 * with capped exponential backoff, and each answered watch as `connected`, so the cache knows
 * how long it has been blind. Only the signal ends it.
 */
export async function* listWatchFeed<O extends KubeObject, S>(
  ctx: AdapterContext,
  resource: FeedResource<O, S>,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<FeedEvent<S>> {
  const place = (object: O): Placed<S> => ({
    namespace: object.metadata?.namespace ?? ctx.namespace,
    object: resource.toSnapshot(object),
  })
  let resourceVersion = ''
  let relist = true
  let failures = 0
  while (!signal.aborted) {
    try {
      if (relist) {
        const listed = await listPlaced(resource, signal, place)
        resourceVersion = listed.resourceVersion
        relist = false
        yield listed.event
      }
      for await (const event of watchOnce<O>(ctx, resource, resourceVersion, signal, tuning)) {
        failures = 0
        if (event === CONNECTED) {
          yield { type: 'connected' }
          continue
        }
        resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion
        if (event.type === 'BOOKMARK') continue
        const type = event.type === 'DELETED' ? 'delete' : 'upsert'
        yield { type, item: place(event.object) }
      }
    } catch (error) {
      if (signal.aborted) break
      if (error instanceof WatchExpired) {
        relist = true
        continue
      }
      yield { type: 'failed', error: toLifecycleError(error, resource.what) }
      const backoff = tuning.backoffMs * 2 ** Math.min(failures++, 30)
      await pause(Math.min(backoff, tuning.maxBackoffMs), signal)
    }
  }
}

/**
 * The whole list, as snapshots. Not inlined in listWatchFeed on purpose: a suspended generator
 * keeps its locals (V8 keeps the whole register file), so a list read there stayed reachable
 * for as long as the watch ran: in the manager, the LIST of 1000 Deployments (their
 * managedFields and all, ~10 MB of heap) beside the snapshots the cache keeps (bench/README.md,
 * live view, 2026-12-03). Here the API server's objects are garbage once mapped.
 */
async function listPlaced<O extends KubeObject, S>(
  resource: FeedResource<O, S>,
  signal: AbortSignal,
  place: (object: O) => Placed<S>
): Promise<{ resourceVersion: string; event: FeedEvent<S> }> {
  const list = await resource.list(signal)
  return {
    resourceVersion: list.metadata?.resourceVersion ?? '',
    event: { type: 'list', items: list.items.map(place) },
  }
}

const CONNECTED = 'connected'

/** One watch request, until the server ends it: CONNECTED once answered, then its events. */
async function* watchOnce<O>(
  ctx: AdapterContext,
  resource: FeedResource<KubeObject, unknown>,
  resourceVersion: string,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<typeof CONNECTED | { type: string; object: O & KubeObject }> {
  const response = await ctx.api.stream(
    resource.path,
    {
      watch: 'true',
      ...(resource.labelSelector && { labelSelector: resource.labelSelector }),
      resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(tuning.requestSeconds),
    },
    signal
  )
  if (response.status === 410) {
    await response.body?.cancel()
    throw new WatchExpired()
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel()
    throw Object.assign(new Error(`watch answered ${response.status}`), {
      statusCode: response.status,
    })
  }
  yield CONNECTED
  for await (const event of readWatchEvents(response.body)) {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) throw new WatchExpired()
      throw Object.assign(new Error('watch error event'), { statusCode: event.object.code ?? 500 })
    }
    yield { type: event.type, object: event.object as O & KubeObject }
  }
}

/** Waits `ms`, or less if the signal aborts; leaves no listener on the long-lived signal. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), signal.removeEventListener('abort', done), resolve())
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
