import { checkAccess } from '../access.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView } from '../views.ts'
import type { OperationContext } from './context.ts'

/** GET /servers/{name}. */
export async function getServerStatus(
  ctx: OperationContext,
  name: string
): Promise<ServerStatusView> {
  checkAccess(ctx.principal, 'read', name)
  const server = await ctx.backend.getServer(name)
  return toStatusView(server, ctx.endpointOptions)
}
