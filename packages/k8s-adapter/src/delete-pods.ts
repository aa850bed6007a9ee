import { ApiException } from '@kubernetes/client-node'
import type { MutationOptions } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { toSelectorString } from './label-selector.ts'

/**
 * Forced stop: deletes, with grace period 0, the pods the Deployment owns (through its
 * ReplicaSets, by owner reference), never other pods that merely match its selector.
 */
export async function deletePods(
  ctx: AdapterContext,
  name: string,
  options: MutationOptions = {}
): Promise<number> {
  const { deployment } = await findDeployment(ctx, name)
  const labelSelector = toSelectorString(deployment.spec?.selector)
  const namespace = ctx.namespace
  try {
    const [replicaSets, pods] = await Promise.all([
      ctx.api.apps.listNamespacedReplicaSet({ namespace, labelSelector }),
      ctx.api.core.listNamespacedPod({ namespace, labelSelector }),
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
      owned.map((pod) =>
        ctx.api.core
          .deleteNamespacedPod({
            name: pod.metadata?.name ?? '',
            namespace,
            gracePeriodSeconds: 0,
            ...(options.dryRun && { dryRun: 'All' }),
          })
          .catch((error: unknown) => {
            // Already gone: that is what we wanted.
            if (!(error instanceof ApiException && error.code === 404)) throw error
          })
      )
    )
    return owned.length
  } catch (error) {
    throw toLifecycleError(error, `Deleting the pods of MCP server '${name}'`)
  }
}
