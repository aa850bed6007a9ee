import {
  createListApp,
  createScaleApp,
  createStartApp,
  createStatusApp,
  createStopApp,
  type HandlerDeps,
} from '@mcp-lifecycle/handlers'
import { createMcpApp } from '@mcp-lifecycle/mcp'
import { composeApp, type Observability } from '@mcp-lifecycle/runtime'

/** Every operation, MCP included, in one app: for local runs and single-pod installs. */
export function createServerApp(deps: HandlerDeps, observability?: Observability) {
  const operations = [
    createListApp(deps),
    createStatusApp(deps),
    createStartApp(deps),
    createStopApp(deps),
    createScaleApp(deps),
    createMcpApp(deps),
  ]
  return composeApp(deps, operations, observability)
}
