import { Hono } from 'hono'
import type { HandlerDeps } from './handler-deps.ts'
import { createErrorHandler, notFoundHandler } from './problem-response.ts'

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
