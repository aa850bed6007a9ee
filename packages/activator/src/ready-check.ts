import { setTimeout as delay } from 'node:timers/promises'
import type { PodSnapshot } from '@mcp-lifecycle/core'
import type { PodTarget } from './forward-to-pod.ts'
import { probeMcp } from './ready-probe.ts'
import type { ServerGate } from './server-gate.ts'

export interface ProbeTiming {
  /** Bound on one probe. */
  timeoutMs: number
  /** Pause after a failed probe before the pod may be probed again. */
  retryMs: number
}

/**
 * Starts one ready-check probe (`mcp-lifecycle/ready-check: mcp`) on each serving pod of the
 * gate's server that has not passed one and none runs on. A pod that passes is released to
 * every waiter. A failed one may be probed again after `retryMs`: the requests still waiting
 * then call this again (the gate re-tests them on that change), so probing stops when nobody
 * waits. A pod the manager may not dial is never probed: `target` throws first (a 503).
 */
export function probeWaitingPods(
  gate: ServerGate,
  target: (pod: PodSnapshot) => PodTarget,
  timing: ProbeTiming
): void {
  for (const pod of gate.podsAwaitingProbe()) {
    const to = target(pod)
    gate.beginProbe(pod.uid)
    void probeOnce(gate, pod.uid, to, timing)
  }
}

async function probeOnce(gate: ServerGate, podUid: string, target: PodTarget, timing: ProbeTiming) {
  const signal = gate.signal
  const passed = await probeMcp(gate.dispatcher, target, { timeoutMs: timing.timeoutMs, signal })
  if (!passed && !gate.closed) await delay(timing.retryMs)
  gate.endProbe(podUid, passed)
}
