// The start operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
import { createStartApp, createEventsApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-start', (deps) => [
  createStartApp(deps),
  createEventsApp(deps, ['start']),
])
