import {
  authenticate,
  createApiDocsApp,
  createBaseApp,
  createHealthApp,
  createMetricsApp,
  httpMetrics,
  requestLogger,
  routeNotFound,
  type HandlerDeps,
  type Metrics,
} from '@mcp-lifecycle/handlers'
import { DEFAULT_MAX_BODY_BYTES, LifecycleError } from '@mcp-lifecycle/core'
import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import type { Logger } from 'pino'

export interface Observability {
  metrics: Metrics
  logger: Logger
}

/** Paths served without a credential: probes, scraping, the API document and its page. */
const PUBLIC_PATHS = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/docs',
  '/docs/swagger-ui.css',
  '/docs/swagger-ui-bundle.js',
])

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
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new LifecycleError('payload-too-large', `The body exceeds ${maxBodyBytes} bytes.`)
      },
    })
  )
  const auth = authenticate(deps)
  // Health, metrics and the API document are public; webhooks authenticate by signature.
  app.use((c, next) =>
    PUBLIC_PATHS.has(c.req.path) || c.req.path.startsWith('/hooks/') ? next() : auth(c, next)
  )
  app.route('/', createHealthApp(deps))
  for (const operation of operations) app.route('/', operation)
  if (observability) app.route('/', createMetricsApp(observability.metrics, deps))
  app.route('/', createApiDocsApp(app, deps))
  app.notFound(routeNotFound(app))
  return app
}
