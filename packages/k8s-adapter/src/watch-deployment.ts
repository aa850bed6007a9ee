import { LifecycleError, type DeploymentSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { DEFAULT_WATCH_TUNING, listWatch, type WatchTuning } from './list-watch.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'
import { deploymentsKind } from './watched-kinds.ts'

/**
 * Follows one MCP server's Deployment: yields its current state, then every change, from a
 * list-watch narrowed by name and by the MCP label. Losing the label or being deleted ends it
 * with 'not-found'. An API server outage does not end it: waits follow it, and a wait must
 * outlast a restart of the API server, so it reconnects until its signal (the deadline) aborts.
 */
export async function* watchDeployment(
  ctx: AdapterContext,
  name: string,
  signal: AbortSignal,
  tuning: WatchTuning = DEFAULT_WATCH_TUNING
): AsyncIterable<DeploymentSnapshot> {
  const gone = () =>
    new LifecycleError(
      'not-found',
      `No MCP server named '${name}' in namespace '${ctx.namespace}' (deleted, or lost its MCP label).`
    )
  yield* listWatch(
    ctx,
    deploymentsKind(ctx, name),
    (step) => {
      if (step.type === 'connected' || step.type === 'failed') return undefined
      if (step.type === 'DELETED') throw gone()
      const deployment = step.type === 'list' ? step.items[0] : step.object
      if (!deployment) throw gone()
      return toDeploymentSnapshot(deployment)
    },
    signal,
    { tuning, giveUp: 'after-max-failures-but-outages' }
  )
  throw signal.reason
}
