import { getServerStatus, serverNameParams } from '@mcp-lifecycle/core'
import { createBaseApp, type HandlerDeps } from './handler-deps.ts'
import { validate } from './validate.ts'

/** GET /servers/{name} */
export function createStatusApp(deps: HandlerDeps) {
  return createBaseApp(deps).get('/servers/:name', validate('param', serverNameParams), async (c) =>
    c.json(await getServerStatus({ backend: deps.backend }, c.req.valid('param').name))
  )
}
