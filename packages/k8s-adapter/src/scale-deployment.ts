import type { DeploymentSnapshot, MutationOptions } from '@mcp-lifecycle/core'
import { ApiException } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'

const CONFLICT_RETRIES = 3

/**
 * Sets spec.replicas through the scale subresource. The Scale carries the resourceVersion of
 * the Deployment we label-checked, so if the Deployment changed in between (for example lost
 * its MCP label) the API server answers 409 and we check again, instead of scaling a
 * Deployment that is no longer ours.
 */
export async function scaleDeployment(
  ctx: AdapterContext,
  name: string,
  replicas: number,
  options: MutationOptions = {}
): Promise<DeploymentSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const { deployment } = await findDeployment(ctx, name)
    try {
      const scale = await ctx.api.apps.replaceNamespacedDeploymentScale({
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
      })
      if (options.dryRun) {
        return {
          ...toDeploymentSnapshot(deployment),
          desiredReplicas: scale.spec?.replicas ?? replicas,
        }
      }
      const scaled = await ctx.api.apps.readNamespacedDeployment({ name, namespace: ctx.namespace })
      return toDeploymentSnapshot(scaled)
    } catch (error) {
      const conflict = error instanceof ApiException && error.code === 409
      if (!conflict || attempt >= CONFLICT_RETRIES) {
        throw toLifecycleError(error, `Scaling MCP server '${name}'`)
      }
    }
  }
}
