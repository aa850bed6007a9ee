import { startServer } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { WAITING_MUTATION_ERRORS } from './describe-operation.ts'
import { createMutationApp } from './mutation-app.ts'

/** POST /servers/{name}/start {wait_ready?, timeout?} */
export function createStartApp(deps: HandlerDeps) {
  return createMutationApp(deps, {
    action: 'start',
    summary: 'Start a server (0 to 1 replica) and wait until it is ready',
    errors: WAITING_MUTATION_ERRORS,
    run: startServer,
  })
}
