import { checkAccess, mayTouch } from '../access.ts'
import type { ServerSummary } from '../view-schemas.ts'
import { toSummary } from '../views.ts'
import type { OperationContext } from './context.ts'

/** GET /servers: every MCP server, sorted by name. */
export async function listServers(ctx: OperationContext): Promise<{ servers: ServerSummary[] }> {
  checkAccess(ctx.principal, 'read')
  const servers = await ctx.backend.listServers()
  // A principal limited to some servers sees only those.
  const visible = ctx.principal
    ? servers.filter((s) => mayTouch(ctx.principal!, s.deployment.name))
    : servers
  const summaries = visible.map((s) => toSummary(s, ctx.endpointOptions))
  summaries.sort((a, b) => a.name.localeCompare(b.name))
  return { servers: summaries }
}
