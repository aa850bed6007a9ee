import { createServerChangeHub, type LifecycleBackend } from '@mcp-lifecycle/core'
import { SERVERS_URI, serverUri } from './status-resources.ts'

/** After a failed watch (cluster unreachable), how long to wait before watching again. */
const RETRY_MS = 5_000

/**
 * Follows every server until the signal aborts, and reports which status resources changed:
 * the list, and each server whose status, replicas, endpoints, last activity or idle timeout
 * changed (or that appeared or went away). The state first seen is no change. Followed through
 * core's change hub: a server's view is made once per change, and changes that come in a burst
 * are reported together (`coalesceMs`), the latest per server.
 */
export async function followStatusChanges(
  backend: LifecycleBackend,
  signal: AbortSignal,
  onChange: (uris: string[]) => void,
  coalesceMs?: number
): Promise<void> {
  const hub = createServerChangeHub({
    backend,
    // Only which servers changed matters here, not how they look.
    encode: () => undefined,
    ...(coalesceMs !== undefined && { coalesceMs }),
  })
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const stop = hub.subscribe(undefined, {
        list: () => {},
        changes: (changes) => onChange([SERVERS_URI, ...changes.map((c) => serverUri(c.name))]),
        ended: () => done(),
      })
      const done = () => {
        stop()
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    })
    if (signal.aborted) return
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref?.())
  }
}
