import type { ServiceSnapshot, DeploymentSnapshot } from '../snapshot.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView } from '../views.ts'
import { waitForReplicas } from '../wait-for-replicas.ts'
import { ReplicasTimeout, ServerTimeout } from '../wait-timeouts.ts'
import { LifecycleError } from '../errors.ts'
import type { OperationContext } from './context.ts'
import { firstStartFailure } from './start-failure.ts'

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
  // A pod that cannot start ends the wait at once, with its reason, not at the deadline.
  const done = new AbortController()
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, done.signal]) : done.signal
  const following =
    replicas > 0 ? firstStartFailure(ctx, name, signal) : new Promise<never>(() => {})
  const cannotStart = following.then((failure) => {
    throw new LifecycleError('unavailable', `'${name}' cannot start: ${failure.detail}.`, {
      title: 'MCP server cannot start',
      extensions: { reason: failure.reason },
    })
  })
  try {
    const options = { timeoutSeconds, onProgress: ctx.onProgress, signal }
    const ready = waitForReplicas(ctx.backend, name, replicas, options)
    return view(await Promise.race([ready, cannotStart]))
  } catch (error) {
    if (!(error instanceof ReplicasTimeout) || !error.lastSeen) throw error
    throw new ServerTimeout(error.message, view(error.lastSeen))
  } finally {
    done.abort()
  }
}
