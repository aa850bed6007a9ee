// The scale operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
import { createScaleApp, createEventsApp } from '@mcp-lifecycle/handlers'
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
    composeApp(deps, [createScaleApp(deps), createEventsApp(deps, ['scale'])], runtime),
    runtime,
    'mcp-lifecycle-scale'
  )
})
