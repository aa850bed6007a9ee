/**
 * Yields `read()` now and after every change `subscribe` reports (changes that arrive while the
 * consumer is busy are one), until the signal aborts. `subscribe` returns how to unsubscribe.
 */
export async function* followChanges<T>(
  subscribe: (onChange: () => void) => () => void,
  read: () => T,
  signal: AbortSignal
): AsyncIterable<T> {
  let pending = true
  let wake: (() => void) | undefined
  const unsubscribe = subscribe(() => ((pending = true), wake?.()))
  const onAbort = () => wake?.()
  signal.addEventListener('abort', onAbort)
  try {
    while (!signal.aborted) {
      if (pending) {
        pending = false
        yield read()
        continue
      }
      await new Promise<void>((resolve) => (wake = resolve))
    }
    throw signal.reason
  } finally {
    unsubscribe()
    signal.removeEventListener('abort', onAbort)
  }
}
