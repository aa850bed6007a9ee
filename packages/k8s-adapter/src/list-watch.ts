import { isLifecycleError, type LifecycleError } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { pauseUnlessAborted } from './pause-unless-aborted.ts'
import { WatchExpired, watchOnce } from './watch-once.ts'
import type { KubeObject, WatchedKind } from './watched-kinds.ts'
import type { WatchTuning } from './watch-tuning.ts'

export { DEFAULT_WATCH_TUNING, type WatchTuning } from './watch-tuning.ts'

/**
 * When failures stop being retried:
 * - `never`: a feed for a cache, which reports each failure as a step instead;
 * - `after-max-failures`: after `maxFailures` in a row;
 * - `after-max-failures-but-outages`: the same, but an unavailable API server (down,
 *   restarting, unreachable) is waited out until the signal aborts (a wait's deadline decides).
 */
export type GiveUp = 'never' | 'after-max-failures' | 'after-max-failures-but-outages'

/** What the loop sees, in order: the whole list (first, and after each 410), then changes. */
export type ListWatchStep<O> =
  | { type: 'list'; items: O[] }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: O }
  /** A watch request was answered: changes are followed again. */
  | { type: 'connected' }
  /** A request failed; the loop pauses, then retries (unless it gives up). */
  | { type: 'failed'; error: LifecycleError }

/**
 * Turns a step into what the loop yields (nothing for undefined). It runs inside the loop's
 * retry: an error it throws counts as a failed request, except a LifecycleError, which is the
 * caller's verdict and ends the loop.
 */
export type StepView<O, V> = (step: ListWatchStep<O>) => V | undefined | Promise<V | undefined>

/**
 * List-then-watch of one kind, as client-node's ListWatch: a stream that ends or drops is
 * resumed from the last resourceVersion seen (bookmarks included); a 410 Gone, as an answer or
 * as an ERROR event, lists again. Failures are retried with capped exponential backoff, until
 * `giveUp` says otherwise; each event a watch delivers (a bookmark too) resets the count.
 * Ends when the signal aborts.
 */
export async function* listWatch<O extends KubeObject, V>(
  ctx: AdapterContext,
  kind: WatchedKind<O>,
  view: StepView<O, V>,
  signal: AbortSignal,
  options: { tuning: WatchTuning; giveUp: GiveUp }
): AsyncIterable<V> {
  const { tuning } = options
  let resourceVersion = ''
  let relist = true
  let failures = 0
  while (!signal.aborted) {
    try {
      if (relist) {
        const listed = await listAndView(kind, view, signal)
        resourceVersion = listed.resourceVersion
        relist = false
        if (listed.view !== undefined) yield listed.view
      }
      for await (const event of watchOnce<O>(ctx, kind, resourceVersion, signal, tuning)) {
        if (event.type !== 'connected') {
          failures = 0
          resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion
        }
        if (event.type === 'BOOKMARK') continue
        const seen = await view(event)
        if (seen !== undefined) yield seen
      }
    } catch (error) {
      if (signal.aborted) break
      if (error instanceof WatchExpired) {
        relist = true
        continue
      }
      if (isLifecycleError(error)) throw error
      const failure = toLifecycleError(error, kind.what)
      if (givesUp(options, failure, ++failures)) throw failure
      const seen = await view({ type: 'failed', error: failure })
      if (seen !== undefined) yield seen
      const backoff = tuning.backoffMs * 2 ** Math.min(failures - 1, 30)
      await pauseUnlessAborted(Math.min(backoff, tuning.maxBackoffMs), signal)
    }
  }
}

/**
 * The whole list, through the view. Not inlined in listWatch on purpose: a suspended generator
 * keeps its locals (V8 keeps the whole register file), so a list read there stays reachable for
 * as long as the watch runs, beside the snapshots a cache keeps. Here the API server's objects
 * are garbage once viewed.
 */
async function listAndView<O extends KubeObject, V>(
  kind: WatchedKind<O>,
  view: StepView<O, V>,
  signal: AbortSignal
): Promise<{ resourceVersion: string; view: V | undefined }> {
  const list = await kind.list(signal)
  return {
    resourceVersion: list.metadata?.resourceVersion ?? '',
    view: await view({ type: 'list', items: list.items }),
  }
}

function givesUp(
  options: { tuning: WatchTuning; giveUp: GiveUp },
  failure: LifecycleError,
  failures: number
): boolean {
  if (options.giveUp === 'never' || failures <= options.tuning.maxFailures) return false
  return options.giveUp === 'after-max-failures' || failure.kind !== 'unavailable'
}
