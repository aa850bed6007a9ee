// The scale operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
import { createScaleApp, createEventsApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-scale', (deps) => [
  createScaleApp(deps),
  createEventsApp(deps, ['scale']),
])
