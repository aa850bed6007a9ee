import type { V1Deployment } from '@kubernetes/client-node'
import { LifecycleError } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { readWatchEvents } from './watch-events.ts'

export interface WatchTuning {
  /** Server-side bound on one watch request; the stream then ends and is resumed. */
  requestSeconds: number
  /** Consecutive failed reconnects before giving up with 'unavailable'. */
  maxFailures: number
  /** Pause before reconnecting after a failure, doubled each time. */
  backoffMs: number
}

export const DEFAULT_WATCH_TUNING: WatchTuning = {
  requestSeconds: 50,
  maxFailures: 5,
  backoffMs: 200,
}

/** Either the whole state (first, and again after a 410), or one change. */
export type ListWatchEvent =
  | { type: 'LIST'; items: V1Deployment[] }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: V1Deployment }

/** The watch asked us to start over (410 Gone: our resourceVersion is too old). */
class WatchExpired extends Error {}

/**
 * List-then-watch of the MCP server Deployments (optionally narrowed by a field selector).
 * A stream that ends or drops is resumed from the last resourceVersion seen (bookmarks
 * included); a 410 Gone lists again. Gives up with 'unavailable' after repeated failures.
 */
export async function* listWatchDeployments(
  ctx: AdapterContext,
  fieldSelector: string | undefined,
  signal: AbortSignal,
  tuning: WatchTuning = DEFAULT_WATCH_TUNING
): AsyncIterable<ListWatchEvent> {
  const selectors = { labelSelector: ctx.selector, ...(fieldSelector && { fieldSelector }) }
  let resourceVersion = ''
  let relist = true
  let failures = 0
  while (!signal.aborted) {
    try {
      if (relist) {
        const list = await ctx.api.apps.listNamespacedDeployment({
          namespace: ctx.namespace,
          ...selectors,
        })
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
      if (++failures > tuning.maxFailures) throw toLifecycleError(error, 'Watching MCP servers')
      await pause(tuning.backoffMs * 2 ** (failures - 1), signal)
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
