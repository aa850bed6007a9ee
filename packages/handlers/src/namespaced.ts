import { namespaceParams } from '@mcp-lifecycle/core'
import { createBaseApp, type HandlerDeps, validate } from '@mcp-lifecycle/http-kit'
import type { Hono } from 'hono'

/** Where the routes of one namespace live: `/namespaces/{namespace}/servers...`. */
export const NAMESPACED_BASE = '/namespaces/:namespace'

/**
 * The server routes of `apps` again under `/namespaces/{namespace}`, beside the routes without
 * a namespace (the default one). The namespace is checked first: not a DNS-1123 label is a 400
 * naming it; a namespace that is not managed, or not the caller's, is a 404 (operation context).
 * Only apps whose every operation goes through the operation context belong here.
 */
export function createNamespacedApp(deps: HandlerDeps, apps: Hono[]) {
  const app = createBaseApp(deps)
  app.use(`${NAMESPACED_BASE}/*`, validate('param', namespaceParams))
  for (const sub of apps) app.route(NAMESPACED_BASE, sub)
  return app
}
