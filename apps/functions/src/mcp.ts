// The lifecycle operations as MCP tools (POST /mcp), as one Knative service (one bundle).
import { createMcpApp } from '@mcp-lifecycle/mcp'
import {
  composeApp,
  createRuntime,
  handlerDeps,
  serveApp,
  startOrExit,
} from '@mcp-lifecycle/runtime'

startOrExit(() => {
  const runtime = createRuntime()
  const deps = handlerDeps(runtime)
  serveApp(composeApp(deps, [createMcpApp(deps)], runtime), runtime, 'mcp-lifecycle-mcp')
})
