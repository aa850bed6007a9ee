// The long-running manager: every operation, MCP, the dashboard, and the activator that wakes
// servers on request (with the reaper that stops idle ones), composed by the runtime.
import { createActivator } from '@mcp-lifecycle/activator'
import { serveManager } from '@mcp-lifecycle/runtime/manager'
import { createServerApp } from './create-server-app.ts'

serveManager('mcp-lifecycle', ({ deps, runtime, activator: options, startReaper }) => {
  const activator = createActivator(deps, options)
  startReaper(activator)
  return createServerApp(deps, runtime, activator)
})
