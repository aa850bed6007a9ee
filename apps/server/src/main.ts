import { createRuntime, handlerDeps, serveApp, startOrExit } from '@mcp-lifecycle/runtime'
import { createServerApp } from './create-server-app.ts'

startOrExit(() => {
  const runtime = createRuntime()
  serveApp(createServerApp(handlerDeps(runtime), runtime), runtime, 'mcp-lifecycle')
})
