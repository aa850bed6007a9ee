// The status operation alone, as one Knative service (one bundle).
import { createStatusApp } from '@mcp-lifecycle/handlers'
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
  serveApp(composeApp(deps, [createStatusApp(deps)], runtime), runtime, 'mcp-lifecycle-status')
})
