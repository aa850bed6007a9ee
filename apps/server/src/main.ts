// The long-running manager: every operation, MCP, the dashboard, and the activator that wakes
// servers on request (with the reaper that stops idle ones), composed by the runtime.
import { createActivator } from '@mcp-lifecycle/activator'
import { serveManager } from '@mcp-lifecycle/runtime/manager'
import { createServerApp } from './create-server-app.ts'

serveManager('mcp-lifecycle', ({ deps, runtime, activator: options, startReaper, ...parts }) => {
  const activator = createActivator(deps, options)
  startReaper(activator)
  // Each other managed namespace has its own activator (gates, queues, activity) and reaper.
  const proxies = new Map([[runtime.kubernetes.namespace, activator]])
  for (const namespace of parts.otherNamespaces) {
    const own = createActivator(namespace.deps, namespace.activator)
    startReaper(own, namespace)
    proxies.set(namespace.namespace, own)
  }
  return createServerApp(deps, runtime, activator, proxies)
})
