import type { PodSnapshot } from '@mcp-lifecycle/core'

/** A pod chosen for one request, counted on it until `untrack` is called. */
export interface PodLease {
  pod: PodSnapshot
  untrack: () => void
}

/** Requests in flight on each pod of a server, so that a new one goes to the least busy pod. */
export class PodLoad {
  private readonly inFlight = new Map<string, number>()

  /** Counts a request on the pod until the lease's `untrack` is called (once). */
  lease(pod: PodSnapshot): PodLease {
    this.inFlight.set(pod.uid, this.of(pod.uid) + 1)
    let done = false
    const untrack = () => {
      if (done) return
      done = true
      const left = this.of(pod.uid) - 1
      if (left > 0) this.inFlight.set(pod.uid, left)
      else this.inFlight.delete(pod.uid)
    }
    return { pod, untrack }
  }

  of(podUid: string): number {
    return this.inFlight.get(podUid) ?? 0
  }
}
