import { checkAccess, mayTouch } from '../access.ts'
import { toWatchView, type ServerChange, type ServerWatchView } from '../server-change.ts'
import { byName } from '../server-name.ts'
import type { ServerSnapshot } from '../snapshot.ts'
import type { OperationContext } from './context.ts'

/**
 * GET /servers?watch=true: the list first, then one change per server whose view changed,
 * until the signal aborts. The same rules as GET /servers: the read scope, and a principal
 * limited to some servers sees only those. Access is checked at the call, before any event.
 */
export function watchServerList(
  ctx: OperationContext,
  signal: AbortSignal
): AsyncIterable<ServerChange> {
  checkAccess(ctx.principal, 'read')
  return changes(ctx, signal)
}

async function* changes(ctx: OperationContext, signal: AbortSignal): AsyncIterable<ServerChange> {
  let known: Map<string, string> | undefined
  for await (const servers of ctx.backend.watchServers(signal)) {
    const views = visibleViews(ctx, servers)
    const next = new Map(views.map((view) => [view.name, JSON.stringify(view)]))
    if (!known) {
      yield { type: 'list', servers: views }
    } else {
      for (const view of views)
        if (known.get(view.name) !== next.get(view.name)) yield { type: 'server', server: view }
      for (const name of known.keys()) if (!next.has(name)) yield { type: 'removed', name }
    }
    known = next
  }
}

function visibleViews(ctx: OperationContext, servers: ServerSnapshot[]): ServerWatchView[] {
  const { principal } = ctx
  const visible = principal
    ? servers.filter((s) => mayTouch(principal, s.deployment.name))
    : servers
  const views = visible.map((s) => toWatchView(s, ctx.endpointOptions))
  return views.sort(byName)
}
