// The stop operation alone (HTTP, and its CloudEvent type at /events), as one Knative service.
// It is the serverless reaper too: one pass per dev.mcp-lifecycle.server.reap event.
import { REAP_EVENT_TYPE, reapOnEvent } from '@mcp-lifecycle/core'
import { createStopApp, createEventsApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-stop', (deps) => [
  createStopApp(deps),
  createEventsApp(deps, ['stop'], { [REAP_EVENT_TYPE]: reapOnEvent }),
])
