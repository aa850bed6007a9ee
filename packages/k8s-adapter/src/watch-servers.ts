import type { ServerSnapshot, ServiceSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { listWatchDeployments, type WatchTuning } from './list-watch.ts'
import { listServices } from './list-services.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'

/**
 * Follows every MCP server: yields the whole list first, then again after each change to any
 * MCP Deployment. Services are read with each full list (start and relist), not watched.
 */
export async function* watchServers(
  ctx: AdapterContext,
  signal: AbortSignal,
  tuning?: WatchTuning
): AsyncIterable<ServerSnapshot[]> {
  const deployments = new Map<string, ServerSnapshot['deployment']>()
  let services: ServiceSnapshot[] = []
  for await (const event of listWatchDeployments(ctx, signal, tuning)) {
    if (event.type === 'LIST') {
      deployments.clear()
      for (const item of event.items)
        deployments.set(item.metadata?.name ?? '', toDeploymentSnapshot(item))
      services = await listServices(ctx)
    } else if (event.type === 'DELETED') {
      deployments.delete(event.object.metadata?.name ?? '')
    } else {
      deployments.set(event.object.metadata?.name ?? '', toDeploymentSnapshot(event.object))
    }
    yield [...deployments.values()].map((deployment) => ({ deployment, services }))
  }
}
