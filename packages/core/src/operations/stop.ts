import type { StopRequest } from '../requests.ts'
import type { DeploymentSnapshot } from '../snapshot.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView } from '../views.ts'
import { waitForReplicas } from '../wait-for-replicas.ts'
import { ReplicasTimeout } from '../wait-timeouts.ts'
import type { OperationContext } from './context.ts'
import { mutate } from './mutation.ts'

/** How long a forced stop follows the Deployment to report it stopped. */
const FORCED_STOP_SETTLE_SECONDS = 10

/**
 * POST /servers/{name}/stop: scales to 0 and lets pods terminate gracefully; a stopped server
 * is left as it is (idempotent). `force` also deletes the pods at once (grace period 0) and
 * follows the Deployment briefly so the answer shows it stopped.
 */
export function stopServer(
  ctx: OperationContext,
  name: string,
  request: StopRequest
): Promise<ServerStatusView> {
  const options = { dryRun: ctx.dryRun, signal: ctx.signal }
  // A forced stop follows the Deployment briefly: it holds a watch, so it counts as a wait.
  return mutate(ctx, 'stop', name, request.force, ({ deployment, services }) => ({
    to: 0,
    async apply() {
      const current =
        deployment.desiredReplicas === 0 ? deployment : await ctx.backend.scale(name, 0, options)
      if (request.force) await ctx.backend.deletePods(name, options)
      return current
    },
    // Even with no pod left to delete, the Deployment's status may lag behind: follow it.
    ...(request.force && {
      follow: async (applied) =>
        toStatusView(
          { deployment: await settle(ctx, name, applied), services },
          ctx.endpointOptions
        ),
    }),
  }))
}

async function settle(
  ctx: OperationContext,
  name: string,
  fallback: DeploymentSnapshot
): Promise<DeploymentSnapshot> {
  try {
    return await waitForReplicas(ctx.backend, name, 0, {
      timeoutSeconds: FORCED_STOP_SETTLE_SECONDS,
      signal: ctx.signal,
    })
  } catch (error) {
    if (error instanceof ReplicasTimeout) return error.lastSeen ?? fallback
    throw error
  }
}
