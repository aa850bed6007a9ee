import { namespaceNotFound } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createMcpRoute } from './mcp-route.ts'
import type { ProxyCall } from './proxy-call.ts'

/** What proxies the MCP requests of one namespace's servers (its activator). */
export interface NamespaceProxy {
  proxy(call: ProxyCall, name: string): Promise<Response>
}

/**
 * `/servers/{name}/mcp` to mount under `/namespaces/{namespace}`: each request goes to the
 * activator of its namespace (gates, queues and activity stay per namespace). A namespace
 * without one is not managed: 404, as every route of an unmanaged namespace.
 */
export function createNamespacedMcpRoute(
  deps: HandlerDeps,
  proxies: ReadonlyMap<string, NamespaceProxy>
) {
  return createMcpRoute(deps, (call, name) => {
    const namespace = call.namespace ?? ''
    const proxy = proxies.get(namespace)
    if (!proxy) throw namespaceNotFound(namespace)
    return proxy.proxy(call, name)
  })
}
