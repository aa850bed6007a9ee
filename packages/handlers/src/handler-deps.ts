import {
  createRequestSchemas,
  DEFAULT_LIMITS,
  type LifecycleBackend,
  type Limits,
  type OperationContext,
} from '@mcp-lifecycle/core'
import { Hono, type Context } from 'hono'
import { createErrorHandler, notFoundHandler, type ErrorLogger } from './problem-response.ts'

/** What every handler app is built from. */
export interface HandlerDeps {
  backend: LifecycleBackend
  limits?: Limits
  logError?: ErrorLogger
  /** Aborted on shutdown: waits in progress end (503) instead of holding the process. */
  shutdownSignal?: AbortSignal
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

/** The context of one operation: cancelled when the client goes away or the server stops. */
export function operationContext(c: Context, deps: HandlerDeps, dryRun = false): OperationContext {
  const signals = deps.shutdownSignal ? [c.req.raw.signal, deps.shutdownSignal] : [c.req.raw.signal]
  return { backend: deps.backend, dryRun, signal: AbortSignal.any(signals) }
}
