// The list operation alone, as one Knative service (one bundle).
import { createListApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-list', (deps) => [createListApp(deps)])
