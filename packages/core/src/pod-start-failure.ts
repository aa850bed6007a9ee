import type { PodSnapshot } from './pod-snapshot.ts'
import type { DeploymentSnapshot } from './snapshot.ts'

/**
 * Why a server's pods cannot start, so that requests waiting for one fail at once instead of
 * at their deadline (Knative #13211). Read in this order; the first match wins:
 *
 * | source                          | matches                                                  |
 * |---------------------------------|----------------------------------------------------------|
 * | Deployment condition            | Progressing=False reason ProgressDeadlineExceeded        |
 * | Deployment condition            | ReplicaFailure=True                                      |
 * | container state.waiting.reason  | ImagePullBackOff, ErrImagePull, InvalidImageName,        |
 * |                                 | CrashLoopBackOff, CreateContainerConfigError             |
 * | pod condition                   | PodScheduled=False reason Unschedulable                  |
 *
 * Only pods not terminating count. Transient reasons (ContainerCreating, PodInitializing) do not.
 */
export const FAILING_WAITING_REASONS: ReadonlySet<string> = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
])

export interface StartFailure {
  /** The Kubernetes reason, e.g. ImagePullBackOff. */
  reason: string
  /** One sentence for a problem detail. */
  detail: string
}

export function podStartFailure(
  deployment: DeploymentSnapshot | undefined,
  pods: readonly PodSnapshot[]
): StartFailure | undefined {
  for (const c of deployment?.conditions ?? []) {
    const stalled = c.type === 'Progressing' && c.status === 'False'
    if (
      (stalled && c.reason === 'ProgressDeadlineExceeded') ||
      (c.type === 'ReplicaFailure' && c.status === 'True')
    ) {
      const reason = c.reason ?? c.type
      return { reason, detail: `Deployment ${reason}${c.message ? `: ${c.message}` : ''}` }
    }
  }
  const live = pods.filter((pod) => !pod.terminating)
  for (const pod of live) {
    const waiting = pod.waiting.find((w) => FAILING_WAITING_REASONS.has(w.reason))
    if (waiting) {
      const message = waiting.message ? `: ${waiting.message}` : ''
      return {
        reason: waiting.reason,
        detail: `pod ${pod.name}, container ${waiting.container}: ${waiting.reason}${message}`,
      }
    }
  }
  for (const pod of live) {
    const scheduled = pod.conditions.find((c) => c.type === 'PodScheduled')
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      const message = scheduled.message ? `: ${scheduled.message}` : ''
      return { reason: 'Unschedulable', detail: `pod ${pod.name} is Unschedulable${message}` }
    }
  }
  return undefined
}
