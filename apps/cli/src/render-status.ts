import type { ServerStatusView } from '@mcp-lifecycle/core'
import { plain, type Paint } from './colors.ts'
import { renderServers } from './server-table.ts'
import { renderTable } from './table.ts'

/** `mcpl status NAME` for people: the server's row, its last activity and its conditions. */
export function renderStatus(view: ServerStatusView, paint: Paint = plain): string {
  const parts = [
    renderServers([view], paint),
    `\nLast activity: ${view.last_activity ?? '<none>'}\n`,
  ]
  if (view.conditions.length > 0) {
    const rows = view.conditions.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? ''])
    parts.push('\n', renderTable([['CONDITION', 'STATUS', 'REASON', 'MESSAGE'], ...rows]))
  }
  return parts.join('')
}
