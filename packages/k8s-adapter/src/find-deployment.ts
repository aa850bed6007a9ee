import type { V1Deployment } from '@kubernetes/client-node'
import { serverNotFound } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'

/**
 * Reads one Deployment only if it is an MCP server: a LIST narrowed by name (field selector)
 * and by the MCP label selector, so the API server itself does the label check. Returns the
 * list's resourceVersion too, for a watch to start from. `signal` aborts the read.
 */
export async function findDeployment(
  ctx: AdapterContext,
  name: string,
  signal?: AbortSignal
): Promise<{ deployment: V1Deployment; listVersion: string }> {
  const list = await ctx.api.apps
    .listNamespacedDeployment(
      {
        namespace: ctx.namespace,
        labelSelector: ctx.selector,
        fieldSelector: `metadata.name=${name}`,
      },
      ctx.api.abortedBy(signal)
    )
    .catch((error: unknown) => {
      throw toLifecycleError(error, `Reading MCP server '${name}'`)
    })
  const deployment = list.items[0]
  if (!deployment) {
    throw serverNotFound(
      name,
      `in namespace '${ctx.namespace}' (a Deployment labelled ${ctx.selector})`
    )
  }
  return { deployment, listVersion: list.metadata?.resourceVersion ?? '' }
}
