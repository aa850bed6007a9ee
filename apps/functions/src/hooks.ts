// Signed webhooks (POST /hooks/{source}), as one Knative service (one bundle).
import { createHooksApp } from '@mcp-lifecycle/handlers'
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
  serveApp(composeApp(deps, [createHooksApp(deps)], runtime), runtime, 'mcp-lifecycle-hooks')
})
