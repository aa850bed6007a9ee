import { serverNameParams, stopServer, serverStatusViewSchema } from '@mcp-lifecycle/core'
import {
  createBaseApp,
  type HandlerDeps,
  operationContext,
  validate,
} from '@mcp-lifecycle/http-kit'
import { dryRunQuery } from './dry-run-query.ts'
import { describeOperation, MUTATION_ERRORS } from './describe-operation.ts'
import { schemasFor } from './schemas-for.ts'

/** POST /servers/{name}/stop {force?} */
export function createStopApp(deps: HandlerDeps) {
  const schemas = schemasFor(deps)
  return createBaseApp(deps).post(
    '/servers/:name/stop',
    describeOperation(
      'Stop a server (scale to 0; force deletes its pods at once)',
      serverStatusViewSchema,
      MUTATION_ERRORS,
      { params: serverNameParams, query: dryRunQuery, body: schemas.stop }
    ),
    validate('param', serverNameParams),
    validate('query', dryRunQuery),
    validate('json', schemas.stop),
    async (c) => {
      const ctx = operationContext(c, deps, c.req.valid('query').dry_run === 'true')
      return c.json(await stopServer(ctx, c.req.valid('param').name, c.req.valid('json')))
    }
  )
}
