import {
  createEventsApp,
  createHooksApp,
  createListApp,
  createScaleApp,
  createStartApp,
  createStatusApp,
  createStopApp,
  type HooksDeps,
} from '@mcp-lifecycle/handlers'
import { createMcpApp } from '@mcp-lifecycle/mcp'
import { composeApp, type Observability } from '@mcp-lifecycle/runtime'

/** Every operation, MCP, webhooks and CloudEvents in one app: for local runs and single-pod installs. */
export function createServerApp(deps: HooksDeps, observability?: Observability) {
  const operations = [
    createListApp(deps),
    createStatusApp(deps),
    createStartApp(deps),
    createStopApp(deps),
    createScaleApp(deps),
    createMcpApp(deps),
    createEventsApp(deps),
    createHooksApp(deps),
  ]
  return composeApp(deps, operations, observability)
}
