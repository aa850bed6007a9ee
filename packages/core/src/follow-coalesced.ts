import type { LifecycleBackend } from './backend.ts'
import type { ServerSnapshot } from './snapshot.ts'

/**
 * Follows the backend's server list, handing on the latest list at most every `coalesceMs`, so
 * a burst of changes is a few rounds, not one per change. A change after a quiet spell (no
 * round in the last `coalesceMs`; the first list too) is handed on at once: a lone change is
 * not held for the window. Resolves when the watch ends (its last changes still handed on),
 * rejects when it fails.
 */
export async function followCoalesced(
  backend: LifecycleBackend,
  signal: AbortSignal,
  coalesceMs: number,
  onServers: (servers: ServerSnapshot[]) => void,
  now: () => number = performance.now.bind(performance)
): Promise<void> {
  let latest: ServerSnapshot[] | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastRound = -Infinity
  const flushLatest = () => {
    timer = undefined
    if (latest && !signal.aborted) {
      onServers(latest)
      lastRound = now()
    }
    latest = undefined
  }
  try {
    for await (const servers of backend.watchServers(signal)) {
      latest = servers
      if (timer !== undefined) continue
      const wait = lastRound + coalesceMs - now()
      if (wait <= 0) flushLatest()
      else timer = setTimeout(flushLatest, wait)
    }
    // The last changes before the end are still sent.
    if (timer !== undefined) {
      clearTimeout(timer)
      flushLatest()
    }
  } finally {
    clearTimeout(timer)
  }
}
