/** Counts the users of a gate; once none is left for `idleMs`, calls `onIdle` (once stopped, never). */
export class IdleCloser {
  private users = 0
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  private readonly idleMs: number
  private readonly onIdle: () => void

  constructor(idleMs: number, onIdle: () => void) {
    this.idleMs = idleMs
    this.onIdle = onIdle
  }

  /** One more user until the returned function is called (once). */
  use(): () => void {
    this.users++
    clearTimeout(this.timer)
    let done = false
    return () => {
      if (done) return
      done = true
      if (--this.users === 0 && !this.stopped) {
        this.timer = setTimeout(this.onIdle, this.idleMs).unref()
      }
    }
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }
}
