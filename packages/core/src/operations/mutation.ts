import { checkAccess } from '../access.ts'
import type { AuditRecord } from '../audit.ts'
import type { ServerSnapshot } from '../snapshot.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import type { OperationContext } from './context.ts'

export interface MutationPlan {
  /** Desired replicas asked for. */
  to: number
  run: (server: ServerSnapshot) => Promise<ServerStatusView>
}

/**
 * The frame of start, stop and scale: access check and rate limit before any backend call,
 * then the read, the change, and one audit record whatever the outcome.
 */
export async function mutate(
  ctx: OperationContext,
  action: AuditRecord['action'],
  name: string,
  plan: (server: ServerSnapshot) => MutationPlan
): Promise<ServerStatusView> {
  const record: AuditRecord = {
    who: ctx.principal?.id ?? 'internal',
    action,
    server: name,
    dry_run: Boolean(ctx.dryRun),
    outcome: 'pending',
  }
  try {
    checkAccess(ctx.principal, 'write', name)
    ctx.rateLimiter?.take(record.who)
    const server = await ctx.backend.getServer(name)
    const { to, run } = plan(server)
    record.from = server.deployment.desiredReplicas
    record.to = to
    const view = await run(server)
    record.outcome = record.from === to ? 'unchanged' : 'changed'
    return view
  } catch (error) {
    record.outcome = (error as { kind?: string }).kind ?? 'internal'
    throw error
  } finally {
    ctx.audit?.(record)
  }
}
