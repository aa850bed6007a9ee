import {
  createOperationContext,
  createRequestSchemas,
  DEFAULT_LIMITS,
  type AuditRecord,
  type CallScope,
  type DeliveryRecord,
  type ServerPods,
  type EndpointOptions,
  type LifecycleBackend,
  type Limits,
  type OperationContext,
  type Principal,
  type RateLimiter,
  type StreamSlots,
  type WaitSlots,
} from '@mcp-lifecycle/core'
import type { Authenticator } from '@mcp-lifecycle/auth'
import { Hono, type Context } from 'hono'
import { createErrorHandler, notFoundHandler, type ErrorLogger } from './problem-response.ts'

/** What every handler app is built from. */
export interface HandlerDeps {
  backend: LifecycleBackend
  /** The servers' pods: why one cannot start, in statuses and waits. */
  pods?: ServerPods
  /** Where webhook and event deliveries are recorded, so each acts once. */
  deliveries?: DeliveryRecord
  /** How endpoint URLs are written (node hosts, cluster domain). */
  endpointOptions?: EndpointOptions
  limits?: Limits
  logError?: ErrorLogger
  /** Aborted on shutdown: waits in progress end (503) instead of holding the process. */
  shutdownSignal?: AbortSignal
  /** Turns the Authorization header into a principal, or throws 401/403; absent: no auth. */
  authenticator?: Authenticator
  /** One record per mutation attempt, with the id of the request that made it. */
  audit?: (record: AuditRecord, request: { reqId?: string }) => void
  rateLimiter?: RateLimiter
  waitSlots?: WaitSlots
  /** Bounds the open change streams and MCP listen streams, in all and per principal. */
  streamSlots?: StreamSlots
  /** How often an open stream checks that its credential still holds (tests shorten it). */
  credentialCheckMs?: number
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes?: number
  /** MCPL_AUTH=none: only this machine's own clients are served (Host, Origin, JSON bodies). */
  loopbackOnly?: boolean
}

/**
 * A Hono app with the problem+json error and not-found handlers. Every app sets both:
 * a mounted sub-app keeps its onError but not its notFound.
 */
export function createBaseApp(deps: HandlerDeps) {
  const app = new Hono()
  app.onError(createErrorHandler(deps.logError))
  app.notFound(notFoundHandler)
  return app
}

export function schemasFor(deps: HandlerDeps) {
  return createRequestSchemas(deps.limits ?? DEFAULT_LIMITS)
}

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

/** The context of one operation: cancelled when the client goes away or the server stops. */
export function operationContext(c: Context, deps: HandlerDeps, dryRun = false): OperationContext {
  return createOperationContext(deps, { ...callScope(c), dryRun })
}
