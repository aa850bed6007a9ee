import type { DeploymentSnapshot, MutationOptions } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { kubernetesStatus, toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'

const CONFLICT_RETRIES = 3

/**
 * Sets spec.replicas through the scale subresource. The Scale carries the resourceVersion of
 * the Deployment we label-checked, so if the Deployment changed in between (for example lost
 * its MCP label) the API server answers 409 and we check again, instead of scaling a
 * Deployment that is no longer ours. A Deployment already at `replicas` is answered as read.
 * When the caller goes away (`options.signal`), a write not yet sent is not sent and one in
 * flight is aborted.
 */
export async function scaleDeployment(
  ctx: AdapterContext,
  name: string,
  replicas: number,
  options: MutationOptions = {}
): Promise<DeploymentSnapshot> {
  const { signal } = options
  for (let attempt = 1; ; attempt++) {
    const { deployment } = await findDeployment(ctx, name, signal)
    // Already at that count: the write would change nothing, so it is not sent, nor the read
    // that would report it (an idempotent retry costs one read, not three calls).
    if (deployment.spec?.replicas === replicas) return toDeploymentSnapshot(deployment)
    try {
      signal?.throwIfAborted()
      const scale = await ctx.api.apps.replaceNamespacedDeploymentScale(
        {
          name,
          namespace: ctx.namespace,
          body: {
            apiVersion: 'autoscaling/v1',
            kind: 'Scale',
            metadata: {
              name,
              namespace: ctx.namespace,
              resourceVersion: deployment.metadata?.resourceVersion,
            },
            spec: { replicas },
          },
          ...(options.dryRun && { dryRun: 'All' }),
        },
        ctx.api.abortedBy(signal)
      )
      if (options.dryRun) {
        return {
          ...toDeploymentSnapshot(deployment),
          desiredReplicas: scale.spec?.replicas ?? replicas,
        }
      }
      // Not aborted by the caller: the write is done, and this read only reports it.
      const scaled = await ctx.api.apps.readNamespacedDeployment({ name, namespace: ctx.namespace })
      return toDeploymentSnapshot(scaled)
    } catch (error) {
      if (kubernetesStatus(error) !== 409 || attempt >= CONFLICT_RETRIES) {
        throw toLifecycleError(error, `Scaling MCP server '${name}'`)
      }
    }
  }
}
