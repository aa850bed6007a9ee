/**
 * A stopped server's scale-up, asked once however many requests want it: concurrent callers
 * share the one in progress, and later ones skip it until `reset` (the Deployment shows
 * replicas, or the reaper stopped the server again).
 */
export class WakeOnce {
  private waking: Promise<void> | undefined
  private requested = false

  /** True while a start runs or after one succeeded (until `reset`). */
  get pending(): boolean {
    return this.waking !== undefined || this.requested
  }

  async run(start: () => Promise<unknown>): Promise<void> {
    if (this.waking || this.requested) return this.waking
    this.waking = (async () => {
      try {
        await start()
        this.requested = true
      } finally {
        this.waking = undefined
      }
    })()
    return this.waking
  }

  reset(): void {
    this.requested = false
  }
}
