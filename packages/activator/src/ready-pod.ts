import {
  checkAccess,
  isLifecycleError,
  startServer,
  type OperationContext,
  type PodSnapshot,
  type Principal,
  type Where,
} from '@mcp-lifecycle/core'
import type { PodTarget } from './forward-to-pod.ts'
import type { PodLease } from './pod-load.ts'
import { cannotStart, ProxyUnavailable } from './proxy-errors.ts'
import { probeWaitingPods, type ProbeTiming } from './ready-check.ts'
import type { QueuedWait } from './queued-wait.ts'
import type { ServerGate } from './server-gate.ts'

export interface ReadyPodRequest {
  gate: ServerGate
  name: string
  principal: Principal | undefined
  where?: Where | undefined
  wait: QueuedWait
  /** Where a pod is reached (for its ready-check probe); throws 503 for one not to dial. */
  target: (pod: PodSnapshot) => PodTarget
  probe: ProbeTiming
  /** Starts the stopped server, as its caller (audited as a start). */
  start: () => Promise<unknown>
}

/**
 * A Ready pod for a request without a session, now or once the server has woken, counted on
 * the pod at once: waiters released together spread over the pods. Waking a stopped server
 * is a start and needs the write scope; a pod that cannot start fails every waiter at once.
 */
export async function readyPod(r: ReadyPodRequest): Promise<PodLease> {
  const available = () => {
    const lease = r.gate.pickPod()
    if (lease) return lease
    probeWaitingPods(r.gate, r.target, r.probe)
    const failure = r.gate.startFailure()
    if (failure) throw cannotStart(r.name, failure)
    return undefined
  }
  const now = available()
  if (now) return now
  if (r.gate.needsWake) {
    checkAccess(r.principal, 'write', r.name, r.where)
    await r.gate.wake(r.start)
  }
  return r.wait.until(available)
}

/** Scales the server to one replica without waiting: the gate's watches show the rest. */
export async function wakeServer(ctx: OperationContext, name: string): Promise<unknown> {
  try {
    return await startServer(ctx, name, { wait_ready: false, timeout: 1 })
  } catch (error) {
    // A mutation bound (per-caller rate limit) must not look like a client error here.
    if (isLifecycleError(error) && error.kind === 'rate-limited') {
      throw new ProxyUnavailable(error.message, 5, 'Wake rate limited')
    }
    throw error
  }
}
