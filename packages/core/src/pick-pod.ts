import type { PodSnapshot } from './pod-snapshot.ts'

/** A pod that may take a request now: Ready, with an IP, not going away. */
export function isServing(pod: PodSnapshot): boolean {
  return pod.ready && !pod.terminating && Boolean(pod.ip)
}

/**
 * The serving pod with the fewest requests in flight (a request without a session may go to
 * any pod); ties go to the first in the list. Undefined when no pod serves.
 */
export function pickPod(
  pods: readonly PodSnapshot[],
  inFlight: (pod: PodSnapshot) => number
): PodSnapshot | undefined {
  let best: PodSnapshot | undefined
  let bestLoad = Infinity
  for (const pod of pods) {
    if (!isServing(pod)) continue
    const load = inFlight(pod)
    if (load < bestLoad) [best, bestLoad] = [pod, load]
  }
  return best
}
