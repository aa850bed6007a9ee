import type { V1Deployment } from '@kubernetes/client-node'
import { LifecycleError, type DeploymentSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'
import { readWatchEvents } from './watch-events.ts'

export interface WatchTuning {
  /** Server-side bound on one watch request; the stream then ends and is resumed. */
  requestSeconds: number
  /** Consecutive failed reconnects before giving up with 'unavailable'. */
  maxFailures: number
  /** Pause before reconnecting after a failure, doubled each time. */
  backoffMs: number
}

export const DEFAULT_WATCH_TUNING: WatchTuning = { requestSeconds: 50, maxFailures: 5, backoffMs: 200 }

/** The watch asked us to start over (410 Gone: our resourceVersion is too old). */
class WatchExpired extends Error {}

/**
 * Follows one MCP server's Deployment: yields its current state (from a LIST), then every
 * change from a watch narrowed by name and by the MCP label. A stream that ends or drops is
 * resumed from the last resourceVersion seen (bookmarks included); a 410 Gone relists.
 * Losing the MCP label or being deleted ends it with 'not-found'.
 */
export async function* watchDeployment(
  ctx: AdapterContext,
  name: string,
  signal: AbortSignal,
  tuning: WatchTuning = DEFAULT_WATCH_TUNING
): AsyncIterable<DeploymentSnapshot> {
  let resourceVersion = ''
  let relist = true
  let failures = 0
  while (!signal.aborted) {
    try {
      if (relist) {
        const found = await findDeployment(ctx, name)
        resourceVersion = found.listVersion
        relist = false
        yield toDeploymentSnapshot(found.deployment)
      }
      for await (const deployment of watchOnce(ctx, name, resourceVersion, signal, tuning)) {
        failures = 0
        resourceVersion = deployment.metadata?.resourceVersion ?? resourceVersion
        if (deployment.kind !== 'Bookmark') yield toDeploymentSnapshot(deployment)
      }
    } catch (error) {
      if (signal.aborted) break
      if (error instanceof WatchExpired) {
        relist = true
        continue
      }
      if (error instanceof LifecycleError && error.kind !== 'unavailable') throw error
      if (++failures > tuning.maxFailures) throw toLifecycleError(error, `Watching MCP server '${name}'`)
      await pause(tuning.backoffMs * 2 ** (failures - 1), signal)
    }
  }
  throw signal.reason
}

/** One watch request; yields changed Deployments, and bookmarks marked with kind 'Bookmark'. */
async function* watchOnce(
  ctx: AdapterContext,
  name: string,
  resourceVersion: string,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<V1Deployment> {
  const response = await ctx.api.stream(
    `/apis/apps/v1/namespaces/${ctx.namespace}/deployments`,
    {
      watch: 'true',
      labelSelector: ctx.selector,
      fieldSelector: `metadata.name=${name}`,
      resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(tuning.requestSeconds),
    },
    signal
  )
  if (response.status === 410) throw new WatchExpired()
  if (!response.ok || !response.body) {
    await response.body?.cancel()
    throw Object.assign(new Error(`watch answered ${response.status}`), { statusCode: response.status })
  }
  for await (const event of readWatchEvents(response.body)) {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) throw new WatchExpired()
      throw Object.assign(new Error('watch error event'), { statusCode: event.object.code ?? 500 })
    }
    if (event.type === 'DELETED') {
      throw new LifecycleError('not-found', `MCP server '${name}' was deleted or lost its MCP label.`)
    }
    const object = event.object as V1Deployment
    yield event.type === 'BOOKMARK' ? { ...object, kind: 'Bookmark' } : object
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}
