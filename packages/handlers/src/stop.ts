import { stopServer } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { MUTATION_ERRORS } from './describe-operation.ts'
import { createMutationApp } from './mutation-app.ts'

/** POST /servers/{name}/stop {force?} */
export function createStopApp(deps: HandlerDeps) {
  return createMutationApp(deps, {
    action: 'stop',
    summary: 'Stop a server (scale to 0; force deletes its pods at once)',
    errors: MUTATION_ERRORS,
    run: stopServer,
  })
}
