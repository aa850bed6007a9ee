// The long-running manager: every operation, MCP, the dashboard, and the activator that wakes
// servers on request (with the reaper that stops idle ones), composed by the runtime.
import { createActivator } from '@mcp-lifecycle/activator'
import { serveManager } from '@mcp-lifecycle/runtime/manager'
import { createServerApp } from './create-server-app.ts'

serveManager('mcp-lifecycle', ({ deps, runtime, activator: options, startReaper, ...parts }) => {
  const activator = createActivator(deps, options)
  startReaper(activator)
  parts.proxyInLane(activator)
  // Each other managed namespace has its own activator (gates, queues, activity) and reaper;
  // with every namespace managed (`*`) they come as servers are first seen in a namespace, so the proxy
  // reads this map at each request.
  const proxies = new Map([[runtime.kubernetes.namespace, activator]])
  parts.forEachOtherNamespace((namespace) => {
    const own = createActivator(namespace.deps, namespace.activator)
    startReaper(own, namespace)
    proxies.set(namespace.namespace, own)
  })
  return createServerApp(deps, runtime, activator, proxies)
})
