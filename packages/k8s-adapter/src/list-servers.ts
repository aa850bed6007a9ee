import type { ServerSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { findDeployment } from './find-deployment.ts'
import { listRawServices, servicesSelecting } from './list-server-services.ts'
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
 * One MCP server in two calls: its Deployment (label-checked) and the namespace's Services,
 * of which only those that select it are kept (from the API server's watch cache, see
 * listRawServices).
 */
export async function getServer(ctx: AdapterContext, name: string): Promise<ServerSnapshot> {
  const [found, services] = await Promise.all([findDeployment(ctx, name), listRawServices(ctx)])
  const deployment = toDeploymentSnapshot(found.deployment)
  return { deployment, services: servicesSelecting(services, deployment) }
}
