import { serverNameParams, startServer, serverStatusViewSchema } from '@mcp-lifecycle/core'
import {
  createBaseApp,
  type HandlerDeps,
  operationContext,
  validate,
} from '@mcp-lifecycle/http-kit'
import { dryRunQuery } from './dry-run-query.ts'
import { describeOperation, MUTATION_ERRORS } from './describe-operation.ts'
import { schemasFor } from './schemas-for.ts'

/** POST /servers/{name}/start {wait_ready?, timeout?} */
export function createStartApp(deps: HandlerDeps) {
  const schemas = schemasFor(deps)
  return createBaseApp(deps).post(
    '/servers/:name/start',
    describeOperation(
      'Start a server (0 to 1 replica) and wait until it is ready',
      serverStatusViewSchema,
      {
        ...MUTATION_ERRORS,
        504: 'Not ready before the timeout; `server` holds the last seen status',
      },
      { params: serverNameParams, query: dryRunQuery, body: schemas.start }
    ),
    validate('param', serverNameParams),
    validate('query', dryRunQuery),
    validate('json', schemas.start),
    async (c) => {
      const ctx = operationContext(c, deps, c.req.valid('query').dry_run === 'true')
      return c.json(await startServer(ctx, c.req.valid('param').name, c.req.valid('json')))
    }
  )
}
