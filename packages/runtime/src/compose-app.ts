import {
  createApiDocsApp,
  createBaseApp,
  createHealthApp,
  routeNotFound,
  routesWithoutBearer,
  takesNoBearer,
  type HandlerDeps,
} from '@mcp-lifecycle/handlers'
import { DEFAULT_MAX_BODY_BYTES, LifecycleError } from '@mcp-lifecycle/core'
import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import type { Logger } from 'pino'
import { authenticate } from '@mcp-lifecycle/auth'
import {
  createMetricsApp,
  httpMetrics,
  requestLogger,
  type Metrics,
} from '@mcp-lifecycle/observability'

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
  app.use(requestId())
  if (observability)
    app.use(requestLogger(observability.logger), httpMetrics(observability.metrics))
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new LifecycleError('payload-too-large', `The body exceeds ${maxBodyBytes} bytes.`)
    },
  })
  // No route reads the body of a GET or HEAD, and the limit's look at it (`c.req.raw.body`) makes
  // @hono/node-server build a whole fetch Request: a tenth of the manager's work per cached read.
  app.use((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)
  )
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
