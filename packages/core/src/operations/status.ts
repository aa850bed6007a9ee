import { checkAccess } from '../access.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView, withDiscoveryView } from '../views.ts'
import type { OperationContext } from './context.ts'
import { currentStartFailure } from './start-failure.ts'

/** GET /servers/{name}; a pending or failed server says why it cannot start, when known. */
export async function getServerStatus(
  ctx: OperationContext,
  name: string
): Promise<ServerStatusView> {
  checkAccess(ctx.principal, 'read', name, ctx.where)
  const server = await ctx.backend.getServer(name)
  const discovery = ctx.discoveryViews?.view(server.deployment)
  const shared = toStatusView(server, ctx.endpointOptions)
  const view = discovery ? withDiscoveryView(shared, discovery) : shared
  if (view.status !== 'pending' && view.status !== 'failed') return view
  const failure = await currentStartFailure(ctx, name, server.deployment)
  return failure ? { ...view, reason: failure.reason } : view
}
