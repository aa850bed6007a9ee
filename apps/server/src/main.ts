import { createRuntime, serveApp, startOrExit } from './runtime.ts'
import { createServerApp } from './create-server-app.ts'

startOrExit(() => {
  const { settings, backend, limits } = createRuntime()
  serveApp(createServerApp({ backend, limits }), settings, 'mcp-lifecycle')
})
