import { LifecycleError, type DeploymentSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { listWatchDeployments, type WatchTuning } from './list-watch.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'

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
  tuning?: WatchTuning
): AsyncIterable<DeploymentSnapshot> {
  const gone = () =>
    new LifecycleError(
      'not-found',
      `No MCP server named '${name}' in namespace '${ctx.namespace}' (deleted, or lost its MCP label).`
    )
  const options = { fieldSelector: `metadata.name=${name}`, outlastOutages: true }
  for await (const event of listWatchDeployments(ctx, signal, tuning, options)) {
    if (event.type === 'DELETED') throw gone()
    const deployment = event.type === 'LIST' ? event.items[0] : event.object
    if (!deployment) throw gone()
    yield toDeploymentSnapshot(deployment)
  }
}
