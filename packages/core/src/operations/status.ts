import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView } from '../views.ts'
import type { OperationContext } from './context.ts'

/** GET /servers/{name}. */
export async function getServerStatus(
  ctx: OperationContext,
  name: string
): Promise<ServerStatusView> {
  const server = await ctx.backend.getServer(name)
  return toStatusView(server, ctx.backend.endpointOptions)
}
