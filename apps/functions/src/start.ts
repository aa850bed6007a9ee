// The start operation alone, as one Knative service (one bundle).
import { createStartApp } from '@mcp-lifecycle/handlers'
import { composeApp, createRuntime, handlerDeps, serveApp, startOrExit } from '@mcp-lifecycle/runtime'

startOrExit(() => {
  const runtime = createRuntime()
  const deps = handlerDeps(runtime)
  serveApp(composeApp(deps, [createStartApp(deps)], runtime), runtime, 'mcp-lifecycle-start')
})
