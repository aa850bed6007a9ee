import { getServerStatus, serverNameParams, serverStatusViewSchema } from '@mcp-lifecycle/core'
import {
  createBaseApp,
  type HandlerDeps,
  keptJson,
  operationContext,
  validate,
} from '@mcp-lifecycle/http-kit'
import { describeOperation, SERVER_ERRORS } from './describe-operation.ts'

/** GET /servers/{name} */
export function createStatusApp(deps: HandlerDeps) {
  return createBaseApp(deps).get(
    '/servers/:name',
    describeOperation('Status of one MCP server', serverStatusViewSchema, SERVER_ERRORS, {
      params: serverNameParams,
    }),
    validate('param', serverNameParams),
    async (c) => {
      const view = await getServerStatus(operationContext(c, deps), c.req.valid('param').name)
      return keptJson(c, view, () => view)
    }
  )
}
