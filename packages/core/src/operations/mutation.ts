import { checkAccess } from '../access.ts'
import type { AuditRecord } from '../audit.ts'
import type { DeploymentSnapshot, ServerSnapshot } from '../snapshot.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import { toStatusView } from '../views.ts'
import type { OperationContext } from './context.ts'
import { AlreadyDelivered } from './delivery-guard.ts'

export interface MutationPlan {
  /** Desired replicas asked for. */
  to: number
  /** Makes the change, or nothing when the server is already there; the Deployment after it. */
  apply: () => Promise<DeploymentSnapshot>
  /** Follows the change to its end (a wait); absent: answer with the Deployment as applied. */
  follow?: (applied: DeploymentSnapshot) => Promise<ServerStatusView>
}

/**
 * The frame of start, stop and scale. Every check comes before any backend call: access, the
 * rate limit, a wait slot when the caller will wait, then the delivery claim. Then the read,
 * the change, and the wait. One audit record whatever the outcome, with the change and the
 * wait recorded apart (a scale that was applied stays `changed` when only its wait failed).
 */
export async function mutate(
  ctx: OperationContext,
  action: AuditRecord['action'],
  name: string,
  willWait: boolean,
  plan: (server: ServerSnapshot) => MutationPlan
): Promise<ServerStatusView> {
  const record: AuditRecord = {
    who: ctx.principal?.id ?? 'internal',
    action,
    server: name,
    ...(ctx.where && { namespace: ctx.where.namespace }),
    dry_run: Boolean(ctx.dryRun),
    outcome: 'pending',
  }
  let releaseSlot: (() => void) | undefined
  let claimed = false
  try {
    checkAccess(ctx.principal, 'write', name, ctx.where)
    ctx.rateLimiter?.take(record.who)
    if (willWait && !ctx.dryRun) releaseSlot = ctx.waitSlots?.acquire()
    if (ctx.delivery) {
      if (!(await ctx.delivery.claim())) throw new AlreadyDelivered()
      claimed = true
    }
    const server = await ctx.backend.getServer(name)
    const { to, apply, follow } = plan(server)
    record.from = server.deployment.desiredReplicas
    record.to = to
    const applied = await apply()
    record.outcome = record.from === to ? 'unchanged' : 'changed'
    if (!follow || ctx.dryRun) {
      return toStatusView({ deployment: applied, services: server.services }, ctx.endpointOptions)
    }
    record.wait = 'pending'
    const view = await follow(applied)
    record.wait = 'done'
    return view
  } catch (error) {
    const kind = error instanceof AlreadyDelivered ? 'duplicate' : kindOf(error)
    if (record.wait) record.wait = kind
    else record.outcome = kind
    // Nothing changed: forget the claim so that a redelivery may act.
    if (claimed && record.outcome !== 'changed' && record.outcome !== 'unchanged') {
      await ctx.delivery!.release().catch(() => {})
    }
    throw error
  } finally {
    releaseSlot?.()
    ctx.audit?.(record)
  }
}

function kindOf(error: unknown): string {
  return (error as { kind?: string }).kind ?? 'internal'
}
