// The stop operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
import { createStopApp, createEventsApp } from '@mcp-lifecycle/handlers'
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
  serveApp(
    composeApp(deps, [createStopApp(deps), createEventsApp(deps, ['stop'])], runtime),
    runtime,
    'mcp-lifecycle-stop'
  )
})
