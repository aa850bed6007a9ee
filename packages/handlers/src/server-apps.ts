import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createListApp } from './list.ts'
import { createScaleApp } from './scale.ts'
import { createStartApp } from './start.ts'
import { createStatusApp } from './status.ts'
import { createStopApp } from './stop.ts'

/**
 * The five lifecycle operations under `/servers` (list, status, start, stop, scale), in the
 * order the manager mounts them: also what `/namespaces/{namespace}` repeats, and what the
 * dashboard calls.
 */
export function createServerApps(deps: HandlerDeps) {
  return [
    createListApp(deps),
    createStatusApp(deps),
    createStartApp(deps),
    createStopApp(deps),
    createScaleApp(deps),
  ]
}
