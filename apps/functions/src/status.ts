// The status operation alone, as one Knative service (one bundle).
import { createStatusApp, createHealthApp } from '@mcp-lifecycle/handlers'
import { createRuntime, serveApp, startOrExit } from '@mcp-lifecycle/server/runtime'

startOrExit(() => {
  const { settings, backend, limits } = createRuntime()
  const app = createHealthApp({ backend, limits }).route('/', createStatusApp({ backend, limits }))
  serveApp(app, settings, 'mcp-lifecycle-status')
})
