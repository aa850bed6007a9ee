import { swaggerUI } from '@hono/swagger-ui'
import type { Hono } from 'hono'
import { openAPIRouteHandler } from 'hono-openapi'
import { createBaseApp, type HandlerDeps } from './handler-deps.ts'

/**
 * GET /openapi.json: the OpenAPI 3.1 document generated from `described`'s routes and the
 * core schemas they validate with; GET /docs renders it.
 */
export function createApiDocsApp(described: Hono, deps: HandlerDeps) {
  return createBaseApp(deps)
    .get(
      '/openapi.json',
      openAPIRouteHandler(described, {
        documentation: {
          openapi: '3.1.0',
          info: {
            title: 'mcp-lifecycle',
            version: '0.1.0',
            description: 'Lifecycle of MCP servers running as Kubernetes Deployments.',
          },
          tags: [{ name: 'servers', description: 'MCP servers' }],
        },
        exclude: ['/openapi.json', '/docs', '/metrics', '/healthz', '/readyz'],
      })
    )
    .get('/docs', swaggerUI({ url: '/openapi.json', title: 'mcp-lifecycle API' }))
}
