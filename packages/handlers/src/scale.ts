import { scaleServer } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { WAITING_MUTATION_ERRORS } from './describe-operation.ts'
import { createMutationApp } from './mutation-app.ts'

/** POST /servers/{name}/scale {replicas, wait_ready?, timeout?} */
export function createScaleApp(deps: HandlerDeps) {
  return createMutationApp(deps, {
    action: 'scale',
    summary: 'Scale a server to N replicas',
    errors: WAITING_MUTATION_ERRORS,
    run: scaleServer,
  })
}
