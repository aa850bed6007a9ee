import type { LifecycleBackend } from './backend.ts'
import type { DeploymentSnapshot } from './snapshot.ts'
import { deriveStatus, hasReached } from './status.ts'
import { ReplicasTimeout } from './wait-timeouts.ts'

export interface Progress {
  ready: number
  desired: number
}

export interface WaitOptions {
  timeoutSeconds: number
  /** Called with ready out of desired each time the Deployment changes. */
  onProgress?: (progress: Progress) => void
  /** Aborts the wait early (client gone, shutdown); rethrows the signal's reason. */
  signal?: AbortSignal
}

/**
 * Follows the server's Deployment until `replicas` pods are ready (or, for 0, until no pod is
 * left). Driven by the backend's watch, not by polling. When the timeout passes it throws
 * ReplicasTimeout carrying the last seen Deployment for the caller to render.
 */
export async function waitForReplicas(
  backend: LifecycleBackend,
  name: string,
  replicas: number,
  options: WaitOptions
): Promise<DeploymentSnapshot> {
  const deadline = AbortSignal.timeout(options.timeoutSeconds * 1000)
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline
  let last: DeploymentSnapshot | undefined
  try {
    for await (const deployment of backend.watchServer(name, signal)) {
      last = deployment
      options.onProgress?.({ ready: deployment.readyReplicas, desired: deployment.desiredReplicas })
      if (hasReached(deployment, replicas)) return deployment
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
  if (options.signal?.aborted) throw options.signal.reason
  const seen = last
    ? `${deriveStatus(last)}, ${last.readyReplicas}/${last.desiredReplicas} ready`
    : 'no state seen'
  throw new ReplicasTimeout(
    `'${name}' did not reach ${replicas} ready replica(s) within ${options.timeoutSeconds}s (last seen: ${seen}). It keeps converging; check its status, or retry with a longer timeout.`,
    last
  )
}
