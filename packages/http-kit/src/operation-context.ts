import {
  createOperationContext,
  type CallScope,
  type OperationContext,
  type Principal,
} from '@mcp-lifecycle/core'
import type { Context } from 'hono'
import type { HandlerDeps } from './handler-deps.ts'

/** Who calls (set by the authenticate middleware), the request's id and signal. */
export function callScope(c: Context): CallScope {
  const principal = c.get('principal') as Principal | undefined
  const reqId = c.get('requestId') as string | undefined
  return {
    ...(principal && { principal }),
    ...(reqId && { reqId }),
    signal: c.req.raw.signal,
  }
}

/**
 * The context of one operation: cancelled when the client goes away or the server stops; on
 * the ports of the namespace the route names (`/namespaces/{namespace}/...`), or else the one
 * the request's body names (`named`: a webhook's or an event's), else the default.
 */
export function operationContext(
  c: Context,
  deps: HandlerDeps,
  dryRun = false,
  named?: string
): OperationContext {
  const namespace = c.req.param('namespace') ?? named
  return createOperationContext(deps, { ...callScope(c), dryRun, ...(namespace && { namespace }) })
}
