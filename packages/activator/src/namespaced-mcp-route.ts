import { namespaceNotFound } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import type { Context } from 'hono'
import { createMcpRoute } from './mcp-route.ts'

/** What proxies the MCP requests of one namespace's servers (its activator). */
export interface NamespaceProxy {
  proxy(c: Context, name: string): Promise<Response>
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
  return createMcpRoute(deps, (c, name) => {
    const namespace = c.req.param('namespace') ?? ''
    const proxy = proxies.get(namespace)
    if (!proxy) throw namespaceNotFound(namespace)
    return proxy.proxy(c, name)
  })
}
