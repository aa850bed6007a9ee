import type { AdapterContext } from './adapter-context.ts'
import type { WatchTuning } from './watch-tuning.ts'
import { readWatchEvents } from './watch-events.ts'
import type { KubeObject, WatchedKind } from './watched-kinds.ts'

/** The watch asked us to start over (410 Gone: our resourceVersion is too old). */
export class WatchExpired extends Error {}

/** What one watch request reports: that it was answered, then its events. */
export type WatchOnceEvent<O> =
  | { type: 'connected' }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: O }
  /** Only moves the resourceVersion on. */
  | { type: 'BOOKMARK'; object: O }

/**
 * One watch request of a kind from `resourceVersion`, until the server ends it. 410 Gone (an
 * answer or an ERROR event) throws WatchExpired; another refusal throws with its statusCode,
 * which api-errors.ts reads. The response body is cancelled on every way out, so no
 * connection stays open behind an abandoned stream.
 */
export async function* watchOnce<O extends KubeObject>(
  ctx: AdapterContext,
  kind: WatchedKind<O>,
  resourceVersion: string,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<WatchOnceEvent<O>> {
  const response = await ctx.api.stream(
    kind.path,
    {
      watch: 'true',
      ...kind.selectors,
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
  yield { type: 'connected' }
  // Leaving this loop early (an ERROR event, the caller stopping) cancels the body through it.
  for await (const event of readWatchEvents(response.body)) {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) throw new WatchExpired()
      throw Object.assign(new Error('watch error event'), { statusCode: event.object.code ?? 500 })
    }
    yield { type: event.type, object: event.object } as WatchOnceEvent<O>
  }
}
