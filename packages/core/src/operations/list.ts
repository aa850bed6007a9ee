import type { ServerSummary } from '../view-schemas.ts'
import { toSummary } from '../views.ts'
import type { OperationContext } from './context.ts'

/** GET /servers: every MCP server, sorted by name. */
export async function listServers(ctx: OperationContext): Promise<{ servers: ServerSummary[] }> {
  const servers = await ctx.backend.listServers()
  const summaries = servers.map((s) => toSummary(s, ctx.backend.endpointOptions))
  summaries.sort((a, b) => a.name.localeCompare(b.name))
  return { servers: summaries }
}
