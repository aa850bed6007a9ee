import { createBaseApp, type HandlerDeps, withoutBearer } from '@mcp-lifecycle/http-kit'

/**
 * GET /healthz: the process answers. GET /readyz: the backend answers too (a cheap list),
 * so a pod that cannot reach Kubernetes leaves its Service's endpoints.
 */
export function createHealthApp(deps: HandlerDeps) {
  return withoutBearer(createBaseApp(deps))
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      await deps.backend.listServers()
      return c.json({ status: 'ready' })
    })
}
