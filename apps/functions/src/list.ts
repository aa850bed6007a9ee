// The list operation alone, as one Knative service (one bundle).
import { createListApp, createHealthApp } from '@mcp-lifecycle/handlers'
import { createRuntime, serveApp, startOrExit } from '@mcp-lifecycle/server/runtime'

startOrExit(() => {
  const { settings, backend, limits } = createRuntime()
  const app = createHealthApp({ backend, limits }).route('/', createListApp({ backend, limits }))
  serveApp(app, settings, 'mcp-lifecycle-list')
})
