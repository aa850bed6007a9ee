import type { MutationOptions } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { kubernetesStatus, toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { toSelectorString } from './label-selector.ts'

/**
 * Forced stop: deletes, with grace period 0, the pods the Deployment owns (through its
 * ReplicaSets, by owner reference), never other pods that merely match its selector. When the
 * caller goes away (`options.signal`), deletes not yet sent are not sent.
 */
export async function deletePods(
  ctx: AdapterContext,
  name: string,
  options: MutationOptions = {}
): Promise<number> {
  const { signal } = options
  const { deployment } = await findDeployment(ctx, name, signal)
  const labelSelector = toSelectorString(deployment.spec?.selector)
  const namespace = ctx.namespace
  const abortable = ctx.api.abortedBy(signal)
  try {
    const [replicaSets, pods] = await Promise.all([
      ctx.api.apps.listNamespacedReplicaSet({ namespace, labelSelector }, abortable),
      ctx.api.core.listNamespacedPod({ namespace, labelSelector }, abortable),
    ])
    const ownedBy = (refs: { uid: string }[] | undefined, uids: Set<string | undefined>) =>
      (refs ?? []).some((ref) => uids.has(ref.uid))
    const deploymentUid = new Set([deployment.metadata?.uid])
    const replicaSetUids = new Set(
      replicaSets.items
        .filter((rs) => ownedBy(rs.metadata?.ownerReferences, deploymentUid))
        .map((rs) => rs.metadata?.uid)
    )
    const owned = pods.items.filter((pod) => ownedBy(pod.metadata?.ownerReferences, replicaSetUids))
    await Promise.all(
      owned.map(async (pod) => {
        signal?.throwIfAborted()
        await ctx.api.core
          .deleteNamespacedPod(
            {
              name: pod.metadata?.name ?? '',
              namespace,
              gracePeriodSeconds: 0,
              ...(options.dryRun && { dryRun: 'All' }),
            },
            abortable
          )
          .catch((error: unknown) => {
            // Already gone: that is what we wanted.
            if (kubernetesStatus(error) !== 404) throw error
          })
      })
    )
    return owned.length
  } catch (error) {
    throw toLifecycleError(error, `Deleting the pods of MCP server '${name}'`)
  }
}
