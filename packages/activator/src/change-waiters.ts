/**
 * Waiters on a state that changes: each re-tests its condition on every change. The one way a
 * request (or the reaper's stop) waits for its server, whatever it waits for.
 */
export class ChangeWaiters {
  private readonly listeners = new Set<() => void>()
  private failure: unknown

  /** Every waiter tests its condition again. */
  changed(): void {
    for (const listener of [...this.listeners]) listener()
  }

  /** From the next test on, every waiter (and every later one) fails with `error`. */
  fail(error: unknown): void {
    this.failure = error
  }

  /**
   * Resolves with what `check` returns once it returns something, tested now and after every
   * change; rejects with what it throws, with the failure, with `timeout()` at the deadline,
   * or when the signal aborts (the waiter is then dropped at once).
   */
  until<T>(
    check: () => T | undefined,
    signal: AbortSignal,
    deadline: number,
    timeout: () => Error
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        this.listeners.delete(test)
        signal.removeEventListener('abort', onAbort)
        settle()
      }
      const test = () => {
        try {
          if (this.failure) throw this.failure
          const value = check()
          if (value !== undefined) finish(() => resolve(value))
        } catch (error) {
          finish(() => reject(error))
        }
      }
      const onAbort = () => finish(() => reject(signal.reason))
      const timer = setTimeout(() => finish(() => reject(timeout())), deadline - Date.now())
      signal.addEventListener('abort', onAbort, { once: true })
      this.listeners.add(test)
      test()
    })
  }
}
