import { deriveStatus, SERVER_STATUSES, type LifecycleBackend } from '@mcp-lifecycle/core'
import type { Metrics } from './metrics-registry.ts'

/**
 * The backend, counted: waits in progress, scale outcomes, and servers by status (refreshed
 * by every list, so a scrape costs no extra API call).
 */
export function instrumentBackend(backend: LifecycleBackend, metrics: Metrics): LifecycleBackend {
  return {
    async listServers() {
      const servers = await backend.listServers()
      const counts = Object.fromEntries(SERVER_STATUSES.map((s) => [s, 0]))
      for (const s of servers) counts[deriveStatus(s.deployment)]!++
      for (const [status, count] of Object.entries(counts)) metrics.servers.set({ status }, count)
      return servers
    },
    getServer: (name) => backend.getServer(name),
    async scale(name, replicas, options) {
      try {
        const result = await backend.scale(name, replicas, options)
        metrics.scaleOperations.inc({ outcome: 'ok' })
        return result
      } catch (error) {
        const kind = (error as { kind?: string }).kind ?? 'internal'
        metrics.scaleOperations.inc({ outcome: kind })
        throw error
      }
    },
    deletePods: (name, options) => backend.deletePods(name, options),
    async *watchServer(name, signal) {
      metrics.waitsInProgress.inc()
      try {
        yield* backend.watchServer(name, signal)
      } finally {
        metrics.waitsInProgress.dec()
      }
    },
    watchServers: (signal) => backend.watchServers(signal),
  }
}
