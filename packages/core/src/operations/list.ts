import { checkAccess, namePredicate, visibleIn } from '../access.ts'
import type { EndpointOptions } from '../endpoints.ts'
import type { ServerSnapshot } from '../snapshot.ts'
import type { ServerSummary } from '../view-schemas.ts'
import { byName } from '../server-name.ts'
import { toSummary } from '../views.ts'
import type { OperationContext } from './context.ts'

/** GET /servers: every MCP server, sorted by name. */
export async function listServers(ctx: OperationContext): Promise<{ servers: ServerSummary[] }> {
  checkAccess(ctx.principal, 'read', undefined, ctx.where)
  const all = summariesOf(await ctx.backend.listServers(), ctx.endpointOptions)
  // A principal limited to some servers sees only those; otherwise the kept array itself.
  const principal = ctx.principal
  const may =
    principal && (ctx.where ? visibleIn(principal, ctx.where) : namePredicate(principal.servers))
  const visible = may ? all.filter((s) => may(s.name)) : all
  return { servers: visible.length === all.length ? all : visible }
}

// A cache answers with the same array until something changes (ServerCache.servers): its
// summaries are built and sorted once per change, not per read (1000 servers: most of a read).
const kept = new WeakMap<
  readonly ServerSnapshot[],
  Map<EndpointOptions | undefined, ServerSummary[]>
>()

function summariesOf(
  servers: readonly ServerSnapshot[],
  options: EndpointOptions | undefined
): ServerSummary[] {
  let byOptions = kept.get(servers)
  if (!byOptions) kept.set(servers, (byOptions = new Map()))
  let summaries = byOptions.get(options)
  if (!summaries) {
    summaries = servers.map((s) => toSummary(s, options))
    summaries.sort(byName)
    byOptions.set(options, summaries)
  }
  return summaries
}
