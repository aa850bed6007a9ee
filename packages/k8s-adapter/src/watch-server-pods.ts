import type { V1Pod } from '@kubernetes/client-node'
import type { PodSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { OwnedPods } from './owned-pods.ts'
import { toSelectorString } from './label-selector.ts'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { toPodSnapshot } from './to-pod-snapshot.ts'
import { readWatchEvents } from './watch-events.ts'

/** The watch asked us to start over (410 Gone: our resourceVersion is too old). */
class WatchExpired extends Error {}

/**
 * Follows the pods of one MCP server: the Deployment is read once (only if it is an MCP
 * server; its selector is immutable), then its pods are listed and watched by that selector,
 * yielding after every change the pods the Deployment owns (OwnedPods), never others that only
 * carry its labels. Pods come from the Pods themselves, never from
 * EndpointSlices (which refuse loopback addresses and lag behind). A dropped stream resumes
 * from the last resourceVersion, a 410 lists again; an API server outage is outlasted until
 * the signal aborts, other failures give up after `maxFailures` in a row.
 */
export async function* watchServerPods(
  ctx: AdapterContext,
  name: string,
  signal: AbortSignal,
  tuning: WatchTuning = DEFAULT_WATCH_TUNING
): AsyncIterable<PodSnapshot[]> {
  const { deployment } = await findDeployment(ctx, name, signal)
  const labelSelector = toSelectorString(deployment.spec?.selector)
  const owned = new OwnedPods(ctx, deployment.metadata?.uid ?? '', labelSelector, signal)
  const pods = new Map<string, V1Pod>()
  const snapshot = async () => (await owned.filter(pods.values())).map(toPodSnapshot)
  let resourceVersion = ''
  let relist = true
  let failures = 0
  while (!signal.aborted) {
    try {
      if (relist) {
        const list = await ctx.api.core.listNamespacedPod(
          { namespace: ctx.namespace, labelSelector },
          ctx.api.abortedBy(signal)
        )
        resourceVersion = list.metadata?.resourceVersion ?? ''
        relist = false
        pods.clear()
        for (const pod of list.items) pods.set(pod.metadata?.name ?? '', pod)
        yield await snapshot()
      }
      for await (const event of watchPodsOnce(
        ctx,
        labelSelector,
        resourceVersion,
        signal,
        tuning
      )) {
        failures = 0
        const pod = event.object
        resourceVersion = pod.metadata?.resourceVersion ?? resourceVersion
        if (event.type === 'BOOKMARK') continue
        if (event.type === 'DELETED') pods.delete(pod.metadata?.name ?? '')
        else pods.set(pod.metadata?.name ?? '', pod)
        yield await snapshot()
      }
    } catch (error) {
      if (signal.aborted) break
      if (error instanceof WatchExpired) {
        relist = true
        continue
      }
      const failure = toLifecycleError(error, `Watching the pods of '${name}'`)
      if (++failures > tuning.maxFailures && failure.kind !== 'unavailable') throw failure
      const backoff = tuning.backoffMs * 2 ** Math.min(failures - 1, 30)
      await pause(Math.min(backoff, tuning.maxBackoffMs), signal)
    }
  }
  throw signal.reason
}

async function* watchPodsOnce(
  ctx: AdapterContext,
  labelSelector: string,
  resourceVersion: string,
  signal: AbortSignal,
  tuning: WatchTuning
): AsyncIterable<{ type: string; object: V1Pod }> {
  const response = await ctx.api.stream(
    `/api/v1/namespaces/${ctx.namespace}/pods`,
    {
      watch: 'true',
      labelSelector,
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
    yield { type: event.type, object: event.object as V1Pod }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}
