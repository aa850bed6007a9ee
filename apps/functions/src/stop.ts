// The stop operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
import { createStopApp, createEventsApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-stop', (deps) => [
  createStopApp(deps),
  createEventsApp(deps, ['stop']),
])
