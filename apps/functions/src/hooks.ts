// Signed webhooks (POST /hooks/{source}), as one Knative service (one bundle).
import { createHooksApp } from '@mcp-lifecycle/handlers'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-hooks', (deps) => [createHooksApp(deps)])
