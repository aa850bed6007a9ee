import type { ServerSnapshot, ServiceSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { DEFAULT_WATCH_TUNING, listWatch, type WatchTuning } from './list-watch.ts'
import { listServices } from './list-services.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'
import { deploymentsKind } from './watched-kinds.ts'

/**
 * Follows every MCP server: yields the whole list first, then again after each change to any
 * MCP Deployment. Services are read with each full list (start and relist), not watched.
 */
export async function* watchServers(
  ctx: AdapterContext,
  signal: AbortSignal,
  tuning: WatchTuning = DEFAULT_WATCH_TUNING
): AsyncIterable<ServerSnapshot[]> {
  const deployments = new Map<string, ServerSnapshot['deployment']>()
  let services: ServiceSnapshot[] = []
  yield* listWatch(
    ctx,
    deploymentsKind(ctx),
    async (step) => {
      if (step.type === 'connected' || step.type === 'failed') return undefined
      if (step.type === 'list') {
        deployments.clear()
        for (const item of step.items)
          deployments.set(item.metadata?.name ?? '', toDeploymentSnapshot(item))
        services = await listServices(ctx)
      } else if (step.type === 'DELETED') {
        deployments.delete(step.object.metadata?.name ?? '')
      } else {
        deployments.set(step.object.metadata?.name ?? '', toDeploymentSnapshot(step.object))
      }
      return [...deployments.values()].map((deployment) => ({ deployment, services }))
    },
    signal,
    { tuning, giveUp: 'after-max-failures' }
  )
  throw signal.reason
}
