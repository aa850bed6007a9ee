import type { AuditRecord, OperationContext, Principal } from '@mcp-lifecycle/core'
import type { Context } from 'hono'
import type { HandlerDeps } from './handler-deps.ts'

/**
 * Who calls (set by the authenticate middleware), the bounds that apply to them, and how their
 * answers are written (endpoint URLs).
 */
export function callerContext(c: Context, deps: HandlerDeps) {
  const principal = c.get('principal') as Principal | undefined
  return {
    ...(principal && { principal }),
    ...(deps.audit && {
      audit: (record: AuditRecord) => deps.audit!(record, { reqId: c.get('requestId') }),
    }),
    ...(deps.rateLimiter && { rateLimiter: deps.rateLimiter }),
    ...(deps.waitSlots && { waitSlots: deps.waitSlots }),
    ...(deps.endpointOptions && { endpointOptions: deps.endpointOptions }),
  }
}

/** The context of one operation: cancelled when the client goes away or the server stops. */
export function operationContext(c: Context, deps: HandlerDeps, dryRun = false): OperationContext {
  const signals = deps.shutdownSignal ? [c.req.raw.signal, deps.shutdownSignal] : [c.req.raw.signal]
  return {
    ...callerContext(c, deps),
    backend: deps.backend,
    ...(deps.deliveries && { deliveries: deps.deliveries }),
    ...(deps.pods && { pods: deps.pods }),
    dryRun,
    signal: AbortSignal.any(signals),
  }
}
