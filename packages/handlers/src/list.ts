import { listServers } from '@mcp-lifecycle/core'
import { createBaseApp, type HandlerDeps } from './handler-deps.ts'

/** GET /servers */
export function createListApp(deps: HandlerDeps) {
  return createBaseApp(deps).get('/servers', async (c) =>
    c.json(await listServers({ backend: deps.backend }))
  )
}
