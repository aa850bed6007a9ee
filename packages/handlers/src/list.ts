import { listServers, serverListSchema } from '@mcp-lifecycle/core'
import { describeOperation } from './describe-operation.ts'
import { createBaseApp, operationContext, type HandlerDeps } from './handler-deps.ts'

/** GET /servers */
export function createListApp(deps: HandlerDeps) {
  return createBaseApp(deps).get(
    '/servers',
    describeOperation('List MCP servers', serverListSchema, {
      403: 'The cluster refused the call (RBAC)',
    }),
    async (c) => c.json(await listServers(operationContext(c, deps)))
  )
}
