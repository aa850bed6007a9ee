import type { LifecycleBackend } from './backend.ts'
import type { ServerSnapshot } from './snapshot.ts'

/**
 * Follows the backend's server list, handing on the first list at once and then the latest
 * list at most every `coalesceMs`, so a burst of changes is a few rounds, not one per change.
 * Resolves when the watch ends (its last changes still handed on), rejects when it fails.
 */
export async function followCoalesced(
  backend: LifecycleBackend,
  signal: AbortSignal,
  coalesceMs: number,
  onServers: (servers: ServerSnapshot[]) => void
): Promise<void> {
  let latest: ServerSnapshot[] | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const flushLatest = () => {
    timer = undefined
    if (latest && !signal.aborted) onServers(latest)
    latest = undefined
  }
  try {
    let first = true
    for await (const servers of backend.watchServers(signal)) {
      latest = servers
      if (first) flushLatest()
      else timer ??= setTimeout(flushLatest, coalesceMs)
      first = false
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
