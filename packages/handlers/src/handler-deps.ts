import { createRequestSchemas, DEFAULT_LIMITS, type LifecycleBackend, type Limits } from '@mcp-lifecycle/core'
import { Hono } from 'hono'
import { createErrorHandler, notFoundHandler, type ErrorLogger } from './problem-response.ts'

/** What every handler app is built from. */
export interface HandlerDeps {
  backend: LifecycleBackend
  limits?: Limits
  logError?: ErrorLogger
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
