// The list operation alone, as one Knative service (one bundle).
import { createListApp } from '@mcp-lifecycle/handlers'
import {
  composeApp,
  createRuntime,
  handlerDeps,
  serveApp,
  startOrExit,
} from '@mcp-lifecycle/runtime'

startOrExit(() => {
  const runtime = createRuntime()
  const deps = handlerDeps(runtime)
  serveApp(composeApp(deps, [createListApp(deps)], runtime), runtime, 'mcp-lifecycle-list')
})
