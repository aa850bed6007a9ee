import type { ServerSummary } from '@mcp-lifecycle/core'
import { plain, type Paint } from './colors.ts'
import { renderTable } from './table.ts'

/** The people's view of servers: NAME STATUS READY ENDPOINTS, READY as ready/desired. */
export function renderServers(servers: ServerSummary[], paint: Paint = plain): string {
  if (servers.length === 0) return 'No MCP servers found.\n'
  // A list of every namespace names each server's.
  const namespaced = servers.some((s) => s.namespace !== undefined)
  return renderTable([
    [...(namespaced ? ['NAMESPACE'] : []), 'NAME', 'STATUS', 'READY', 'ENDPOINTS'],
    ...servers.map((s) => [
      ...(namespaced ? [s.namespace ?? ''] : []),
      s.name,
      { text: s.status, style: (padded: string) => paint(s.status, padded) },
      `${s.ready_replicas}/${s.replicas}`,
      s.endpoints.length > 0 ? s.endpoints.join(',') : '<none>',
    ]),
  ])
}
