import type { V1Deployment } from '@kubernetes/client-node'
import { LifecycleError } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { readWatchEvents } from './watch-events.ts'

export interface WatchTuning {
  /** Server-side bound on one watch request; the stream then ends and is resumed. */
  requestSeconds: number
  /**
   * Consecutive failed reconnects before giving up. A watch that keeps trying while the API
   * server is unavailable (a wait's) gives up on other failures only.
   */
  maxFailures: number
  /** Pause before reconnecting after a failure, doubled each time... */
  backoffMs: number
  /** ...up to this. */
  maxBackoffMs: number
}

export const DEFAULT_WATCH_TUNING: WatchTuning = {
  requestSeconds: 50,
  maxFailures: 5,
  backoffMs: 200,
  maxBackoffMs: 3000,
}

export interface ListWatchOptions {
  /** Narrows the MCP server Deployments, e.g. to one name. */
  fieldSelector?: string
  /**
   * Reconnect for as long as the API server is unavailable (down, restarting, unreachable),
   * so that only the signal ends the watch: a wait's deadline, not an outage, decides.
   */
  outlastOutages?: boolean
}

/** Either the whole state (first, and again after a 410), or one change. */
export type ListWatchEvent =
  | { type: 'LIST'; items: V1Deployment[] }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: V1Deployment }

/** The watch asked us to start over (410 Gone: our resourceVersion is too old). */
class WatchExpired extends Error {}

/**
 * List-then-watch of the MCP server Deployments. A stream that ends or drops is resumed from
 * the last resourceVersion seen (bookmarks included); a 410 Gone lists again. Failures are
 * retried with capped exponential backoff; it gives up after `maxFailures` in a row, unless
 * `outlastOutages` and the API server is merely unavailable.
 */
export async function* listWatchDeployments(
  ctx: AdapterContext,
  signal: AbortSignal,
  tuning: WatchTuning = DEFAULT_WATCH_TUNING,
  options: ListWatchOptions = {}
): AsyncIterable<ListWatchEvent> {
  const { fieldSelector } = options
  const selectors = { labelSelector: ctx.selector, ...(fieldSelector && { fieldSelector }) }
  let resourceVersion = ''
  let relist = true
  let failures = 0
  while (!signal.aborted) {
    try {
      if (relist) {
        const list = await ctx.api.apps.listNamespacedDeployment(
          { namespace: ctx.namespace, ...selectors },
          ctx.api.abortedBy(signal)
        )
        resourceVersion = list.metadata?.resourceVersion ?? ''
        relist = false
        yield { type: 'LIST', items: list.items }
      }
      for await (const event of watchOnce(ctx, selectors, resourceVersion, signal, tuning)) {
        failures = 0
        resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion
        if (event.type !== 'BOOKMARK') yield event as ListWatchEvent
      }
    } catch (error) {
      if (signal.aborted) break
      if (error instanceof WatchExpired) {
        relist = true
        continue
      }
      if (error instanceof LifecycleError) throw error
      const failure = toLifecycleError(error, 'Watching MCP servers')
      const outage = options.outlastOutages && failure.kind === 'unavailable'
      if (++failures > tuning.maxFailures && !outage) throw failure
      const backoff = tuning.backoffMs * 2 ** Math.min(failures - 1, 30)
      await pause(Math.min(backoff, tuning.maxBackoffMs), signal)
    }
  }
  throw signal.reason
}

/** One watch request, until the server ends it. */
async function* watchOnce(
  ctx: AdapterContext,
  selectors: Record<string, string>,
  resourceVersion: string,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<{ type: string; object: V1Deployment }> {
  const response = await ctx.api.stream(
    `/apis/apps/v1/namespaces/${ctx.namespace}/deployments`,
    {
      watch: 'true',
      ...selectors,
      resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(tuning.requestSeconds),
    },
    signal
  )
  if (response.status === 410) throw new WatchExpired()
  if (!response.ok || !response.body) {
    await response.body?.cancel()
    throw Object.assign(new Error(`watch answered ${response.status}`), {
      statusCode: response.status,
    })
  }
  for await (const event of readWatchEvents(response.body)) {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) throw new WatchExpired()
      throw Object.assign(new Error('watch error event'), { statusCode: event.object.code ?? 500 })
    }
    yield { type: event.type, object: event.object as V1Deployment }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}
