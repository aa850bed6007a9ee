import {
  createApiDocsApp,
  createBaseApp,
  createHealthApp,
  createMetricsApp,
  httpMetrics,
  requestLogger,
  type HandlerDeps,
  type Metrics,
} from '@mcp-lifecycle/handlers'
import type { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import type { Logger } from 'pino'

export interface Observability {
  metrics: Metrics
  logger: Logger
}

/**
 * One deployable app: request ids, logs and metrics around the given operation apps, plus
 * health, /metrics and the generated API document (/openapi.json, /docs).
 */
export function composeApp(deps: HandlerDeps, operations: Hono[], observability?: Observability) {
  const app = createBaseApp(deps)
  app.use(requestId())
  if (observability) app.use(requestLogger(observability.logger), httpMetrics(observability.metrics))
  app.route('/', createHealthApp(deps))
  for (const operation of operations) app.route('/', operation)
  if (observability) app.route('/', createMetricsApp(observability.metrics, deps))
  app.route('/', createApiDocsApp(app, deps))
  return app
}
