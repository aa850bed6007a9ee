import type { V1Pod } from '@kubernetes/client-node'
import type { PodSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { findDeployment } from './find-deployment.ts'
import { toSelectorString } from './label-selector.ts'
import { DEFAULT_WATCH_TUNING, listWatch, type WatchTuning } from './list-watch.ts'
import { OwnedPods } from './owned-pods.ts'
import { toPodSnapshot } from './to-pod-snapshot.ts'
import { podsKind } from './watched-kinds.ts'

/**
 * Follows the pods of one MCP server: the Deployment is read once (only if it is an MCP
 * server; its selector is immutable), then its pods are listed and watched by that selector,
 * yielding after every change the pods the Deployment owns (OwnedPods), never others that only
 * carry its labels. Pods come from the Pods themselves, never from EndpointSlices (which
 * refuse loopback addresses and lag behind). An API server outage is outlasted until the
 * signal aborts, other failures give up after `maxFailures` in a row.
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
  yield* listWatch(
    ctx,
    podsKind(ctx, labelSelector, `Watching the pods of '${name}'`),
    async (step) => {
      if (step.type === 'connected' || step.type === 'failed') return undefined
      if (step.type === 'list') {
        pods.clear()
        for (const pod of step.items) pods.set(pod.metadata?.name ?? '', pod)
      } else if (step.type === 'DELETED') pods.delete(step.object.metadata?.name ?? '')
      else pods.set(step.object.metadata?.name ?? '', step.object)
      // Inside the loop's retry: a failed list of the ReplicaSets is retried as the watch is.
      return (await owned.filter(pods.values())).map(toPodSnapshot)
    },
    signal,
    { tuning, giveUp: 'after-max-failures-but-outages' }
  )
  throw signal.reason
}
