import { scaleServer, serverNameParams } from '@mcp-lifecycle/core'
import { dryRunQuery } from './dry-run-query.ts'
import { createBaseApp, schemasFor, type HandlerDeps } from './handler-deps.ts'
import { validate } from './validate.ts'

/** POST /servers/{name}/scale {replicas, wait_ready?, timeout?} */
export function createScaleApp(deps: HandlerDeps) {
  const schemas = schemasFor(deps)
  return createBaseApp(deps).post(
    '/servers/:name/scale',
    validate('param', serverNameParams),
    validate('query', dryRunQuery),
    validate('json', schemas.scale),
    async (c) => {
      const ctx = { backend: deps.backend, dryRun: c.req.valid('query').dry_run === 'true', signal: c.req.raw.signal }
      return c.json(await scaleServer(ctx, c.req.valid('param').name, c.req.valid('json')))
    }
  )
}
