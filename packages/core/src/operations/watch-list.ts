import { checkAccess } from '../access.ts'
import type { ChangeListener, ServerChangeHub } from '../server-change-hub.ts'
import type { OperationContext } from './context.ts'

/**
 * GET /servers?watch=true: the list first, then one change per server whose view changed,
 * from the hub every stream shares. The same rules as GET /servers: the read scope, and a
 * principal limited to some servers sees only those. Access is checked at the call, before any
 * event. Returns how to stop.
 */
export function watchServerList<F>(
  ctx: Pick<OperationContext, 'principal' | 'where'>,
  hub: ServerChangeHub<F>,
  listener: ChangeListener<F>
): () => void {
  checkAccess(ctx.principal, 'read', undefined, ctx.where)
  return hub.subscribe(ctx.principal, listener)
}
