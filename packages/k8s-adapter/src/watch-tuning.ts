/** How a list-then-watch paces itself. */
export interface WatchTuning {
  /** Server-side bound on one watch request; the stream then ends and is resumed. */
  requestSeconds: number
  /**
   * Consecutive failed reconnects before giving up. A watch that keeps trying while the API
   * server is unavailable (a wait's) gives up on other failures only.
   */
  maxFailures: number
  /** Pause before reconnecting after a failure, doubled each time... */
  backoffMs: number
  /** ...up to this. */
  maxBackoffMs: number
}

export const DEFAULT_WATCH_TUNING: WatchTuning = {
  requestSeconds: 50,
  maxFailures: 5,
  backoffMs: 200,
  maxBackoffMs: 3000,
}
