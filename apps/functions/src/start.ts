// The start operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
import { createStartApp, createEventsApp } from '@mcp-lifecycle/handlers'
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
    composeApp(deps, [createStartApp(deps), createEventsApp(deps, ['start'])], runtime),
    runtime,
    'mcp-lifecycle-start'
  )
})
