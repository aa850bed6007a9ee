import type { ServerSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import type { ServicesSelecting } from './followed-services.ts'
import { listServices } from './list-services.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'

/** All MCP servers in two calls, whatever their number: LIST Deployments by label, LIST Services. */
export async function listServers(ctx: AdapterContext): Promise<ServerSnapshot[]> {
  const deploymentList = ctx.api.apps
    .listNamespacedDeployment({ namespace: ctx.namespace, labelSelector: ctx.selector })
    .catch((error: unknown) => {
      throw toLifecycleError(error, 'Listing MCP servers')
    })
  const [deployments, services] = await Promise.all([deploymentList, listServices(ctx)])
  return deployments.items.map((d) => ({ deployment: toDeploymentSnapshot(d), services }))
}

/**
 * One MCP server: its Deployment (label-checked) and the Services that select it, listed or
 * followed (followed-services.ts).
 */
export async function getServer(
  ctx: AdapterContext,
  name: string,
  servicesSelecting: ServicesSelecting
): Promise<ServerSnapshot> {
  const [found, selecting] = await Promise.all([findDeployment(ctx, name), servicesSelecting()])
  const deployment = toDeploymentSnapshot(found.deployment)
  return { deployment, services: selecting(deployment) }
}
