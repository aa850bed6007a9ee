/** The first pause after a refused connection: a process about to listen is usually that close. */
const FIRST_PAUSE_MS = 5

/**
 * The pause before the next try at a pod that refused `refusals` connections in a row (1 for the
 * first): 5, 10, 20, 40 ... ms, never more than `capMs`. A pod marked Ready just before its
 * process listens is reached within a few milliseconds of listening, while one that takes longer
 * is tried no more often than every `capMs`.
 */
export function connectRetryPause(refusals: number, capMs: number): number {
  const doubled = FIRST_PAUSE_MS * 2 ** Math.max(0, Math.min(refusals - 1, 20))
  return Math.min(doubled, capMs)
}
