import type { ServiceSnapshot, DeploymentSnapshot } from '../snapshot.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView } from '../views.ts'
import { waitForReplicas } from '../wait-for-replicas.ts'
import { ReplicasTimeout, ServerTimeout } from '../wait-timeouts.ts'
import type { OperationContext } from './context.ts'

/**
 * Waits for `replicas` ready pods and renders the result (the caller holds the wait slot). On timeout the 504 problem carries
 * the last seen status under `server`, so the caller sees how far it got.
 */
export async function waitAndView(
  ctx: OperationContext,
  services: ServiceSnapshot[],
  name: string,
  replicas: number,
  timeoutSeconds: number
): Promise<ServerStatusView> {
  const view = (deployment: DeploymentSnapshot) =>
    toStatusView({ deployment, services }, ctx.endpointOptions)
  try {
    const options = { timeoutSeconds, onProgress: ctx.onProgress, signal: ctx.signal }
    return view(await waitForReplicas(ctx.backend, name, replicas, options))
  } catch (error) {
    if (!(error instanceof ReplicasTimeout) || !error.lastSeen) throw error
    throw new ServerTimeout(error.message, view(error.lastSeen))
  }
}
