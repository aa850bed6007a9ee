/**
 * Which pods of a server passed their ready-check probe, and which one runs on now. `passed`
 * is kept by the caller so that it outlives a gate (a pod is probed once).
 */
export class ProbeMarks {
  private readonly passed: Set<string>
  private readonly running = new Set<string>()

  constructor(passed: Set<string> = new Set()) {
    this.passed = passed
  }

  hasPassed(podUid: string): boolean {
    return this.passed.has(podUid)
  }

  /** Neither passed nor being probed: a probe may start. */
  awaits(podUid: string): boolean {
    return !this.passed.has(podUid) && !this.running.has(podUid)
  }

  begin(podUid: string): void {
    this.running.add(podUid)
  }

  end(podUid: string, passed: boolean): void {
    this.running.delete(podUid)
    if (passed) this.passed.add(podUid)
  }

  /** Forgets the pods that are gone. */
  keepOnly(podUids: ReadonlySet<string>): void {
    for (const uid of this.passed) if (!podUids.has(uid)) this.passed.delete(uid)
  }
}
