// The status operation alone, as one Knative service (one bundle).
import { createStatusApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-status', (deps) => [createStatusApp(deps)])
