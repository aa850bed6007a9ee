// The scale operation alone, as one Knative service (one bundle).
import { createScaleApp, createHealthApp } from '@mcp-lifecycle/handlers'
import { createRuntime, serveApp, startOrExit } from '@mcp-lifecycle/server/runtime'

startOrExit(() => {
  const { settings, backend, limits } = createRuntime()
  const app = createHealthApp({ backend, limits }).route('/', createScaleApp({ backend, limits }))
  serveApp(app, settings, 'mcp-lifecycle-scale')
})
