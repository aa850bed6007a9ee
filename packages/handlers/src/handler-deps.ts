import {
  createRequestSchemas,
  DEFAULT_LIMITS,
  type AuditRecord,
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
