import { lastActivity, toSummary, type LifecycleBackend } from '@mcp-lifecycle/core'
import { SERVERS_URI, serverUri } from './status-resources.ts'

/** After a failed watch (cluster unreachable), how long to wait before watching again. */
const RETRY_MS = 5_000

/**
 * Follows every server until the signal aborts, and reports which status resources changed:
 * the list, and each server whose status, replicas, endpoints or last activity changed (or
 * that appeared or went away). The state first seen is no change.
 */
export async function followStatusChanges(
  backend: LifecycleBackend,
  signal: AbortSignal,
  onChange: (uris: string[]) => void
): Promise<void> {
  let known: Map<string, string> | undefined
  while (!signal.aborted) {
    try {
      for await (const servers of backend.watchServers(signal)) {
        const next = new Map(
          servers.map((s) => [
            s.deployment.name,
            JSON.stringify([toSummary(s), lastActivity(s.deployment)]),
          ])
        )
        if (known) {
          const changed = [...new Set([...known.keys(), ...next.keys()])]
            .filter((name) => known!.get(name) !== next.get(name))
            .map(serverUri)
          if (changed.length > 0) onChange([SERVERS_URI, ...changed])
        }
        known = next
      }
    } catch {
      if (signal.aborted) return
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref?.())
  }
}
