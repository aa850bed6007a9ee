import {
  createBaseApp,
  limitBody,
  routeNotFound,
  routesWithoutBearer,
  takesNoBearer,
  type HandlerDeps,
} from '@mcp-lifecycle/http-kit'
import { createApiDocsApp, createHealthApp } from '@mcp-lifecycle/handlers'
import { DEFAULT_MAX_BODY_BYTES } from '@mcp-lifecycle/core'
import type { Hono } from 'hono'
import { requestId } from './request-id.ts'
import type { Logger } from 'pino'
import { authenticate, loopbackOnly } from '@mcp-lifecycle/auth'
import {
  createMetricsApp,
  httpMetrics,
  requestLogger,
  type Metrics,
} from '@mcp-lifecycle/observability'
import { refuseUnsafePath } from './refuse-unsafe-path.ts'

export interface Observability {
  metrics: Metrics
  logger: Logger
}

/**
 * One deployable app: request ids, logs, metrics, the body limit and authentication around the
 * given operation apps, plus health, /metrics and the generated API document.
 */
export function composeApp(deps: HandlerDeps, operations: Hono[], observability?: Observability) {
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const app = createBaseApp(deps)
  app.use(refuseUnsafePath())
  app.use(requestId())
  if (observability)
    app.use(requestLogger(observability.logger), httpMetrics(observability.metrics))
  if (deps.loopbackOnly) app.use(loopbackOnly())
  app.use(limitBody(maxBodyBytes))
  const auth = authenticate(deps.authenticator)
  // The apps declare which of their routes take no bearer token (withoutBearer): probes,
  // metrics and the API document are public, webhooks authenticate by their signature.
  let noBearer = takesNoBearer([])
  app.use((c, next) => (noBearer(c.req.path) ? next() : auth(c, next)))
  const mounted = [createHealthApp(deps), ...operations]
  if (observability) mounted.push(createMetricsApp(observability.metrics, deps))
  for (const sub of mounted) app.route('/', sub)
  const docs = createApiDocsApp(app, deps)
  app.route('/', docs)
  noBearer = takesNoBearer(routesWithoutBearer([...mounted, docs]))
  app.notFound(routeNotFound(app))
  return app
}
