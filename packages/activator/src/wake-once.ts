/**
 * A stopped server's scale-up, asked once however many requests want it: concurrent callers
 * share the one in progress, and later ones skip it until `reset` (the Deployment shows
 * replicas, or the reaper stopped the server again).
 */
export class WakeOnce {
  private waking: Promise<void> | undefined
  private requested = false
  /** Counts resets, so that a start ending after one does not undo it. */
  private resets = 0

  /** True while a start runs or after one succeeded (until `reset`). */
  get pending(): boolean {
    return this.waking !== undefined || this.requested
  }

  async run(start: () => Promise<unknown>): Promise<void> {
    if (this.waking || this.requested) return this.waking
    const resetsBefore = this.resets
    this.waking = (async () => {
      try {
        await start()
        // The watch may show the replicas before the scale answers: that reset stands, or a
        // later stop would leave the server asleep with no request able to wake it.
        if (this.resets === resetsBefore) this.requested = true
      } finally {
        this.waking = undefined
      }
    })()
    return this.waking
  }

  reset(): void {
    this.requested = false
    this.resets++
  }
}
