import { serverNameParams, startServer } from '@mcp-lifecycle/core'
import { dryRunQuery } from './dry-run-query.ts'
import { createBaseApp, schemasFor, type HandlerDeps } from './handler-deps.ts'
import { validate } from './validate.ts'

/** POST /servers/{name}/start {wait_ready?, timeout?} */
export function createStartApp(deps: HandlerDeps) {
  const schemas = schemasFor(deps)
  return createBaseApp(deps).post(
    '/servers/:name/start',
    validate('param', serverNameParams),
    validate('query', dryRunQuery),
    validate('json', schemas.start),
    async (c) => {
      const ctx = { backend: deps.backend, dryRun: c.req.valid('query').dry_run === 'true', signal: c.req.raw.signal }
      return c.json(await startServer(ctx, c.req.valid('param').name, c.req.valid('json')))
    }
  )
}
