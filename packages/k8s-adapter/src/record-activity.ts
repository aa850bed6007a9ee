import { LAST_ACTIVITY_ANNOTATION, type ActivityRecorder } from '@mcp-lifecycle/core'
import { kubernetesStatus, toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { createStandaloneContext, type K8sClientOptions } from './standalone-context.ts'
import type { AdapterContext } from './adapter-context.ts'

const CONFLICT_RETRIES = 3

/** The Kubernetes ActivityRecorder: the annotation `mcp-lifecycle/last-activity`. */
export function createK8sActivityRecorder(options: K8sClientOptions = {}): ActivityRecorder {
  return activityRecorderOver(createStandaloneContext(options))
}

export function activityRecorderOver(ctx: AdapterContext): ActivityRecorder {
  return { recordActivity: (name, at, signal) => recordActivity(ctx, name, at, signal) }
}

/**
 * Writes the last activity into the Deployment's annotations with a JSON merge patch (RFC
 * 7386: only that key changes, and the pod template is untouched, so the pods stay; the API
 * server still moves the Deployment's generation, as on any annotation change).
 * The patch carries the resourceVersion of the Deployment we label-checked, so a Deployment
 * that stopped being an MCP server in between is not written (409: check again).
 */
export async function recordActivity(
  ctx: AdapterContext,
  name: string,
  at: Date,
  signal?: AbortSignal
): Promise<void> {
  // RFC 3339 to the second, as Kubernetes writes its own times.
  const time = at.toISOString().replace(/\.\d+Z$/, 'Z')
  for (let attempt = 1; ; attempt++) {
    const { deployment } = await findDeployment(ctx, name, signal)
    try {
      signal?.throwIfAborted()
      await ctx.api.apps.patchNamespacedDeployment(
        {
          name,
          namespace: ctx.namespace,
          body: {
            metadata: {
              resourceVersion: deployment.metadata?.resourceVersion,
              annotations: { [LAST_ACTIVITY_ANNOTATION]: time },
            },
          },
        },
        ctx.api.abortedBy(signal)
      )
      return
    } catch (error) {
      if (kubernetesStatus(error) !== 409 || attempt >= CONFLICT_RETRIES) {
        throw toLifecycleError(error, `Recording the activity of MCP server '${name}'`)
      }
    }
  }
}
