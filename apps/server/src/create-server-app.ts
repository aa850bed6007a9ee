import {
  createEventsApp,
  createHooksApp,
  createNamespacedApp,
  createServerApps,
  type HooksDeps,
} from '@mcp-lifecycle/handlers'
import {
  createNamespacedMcpRoute,
  type Activator,
  type NamespaceProxy,
} from '@mcp-lifecycle/activator'
import { createDashboardApp } from '@mcp-lifecycle/dashboard'
import { createMcpApp } from '@mcp-lifecycle/mcp'
import { composeApp, type Observability } from '@mcp-lifecycle/runtime'

/**
 * Every operation, MCP, webhooks and CloudEvents in one app: for local runs and single-pod
 * installs. With an activator, `/servers/{name}/mcp` proxies MCP to the server's pods and wakes
 * it on request (only here: a long-running process, since streams outlive function timeouts).
 * `GET /` is the dashboard, a page for people, fed by the change stream. The server routes are
 * also under `/namespaces/{namespace}`, for each managed namespace.
 */
export function createServerApp(
  deps: HooksDeps,
  observability?: Observability,
  activator?: Activator,
  /** The activator of each managed namespace, for `/namespaces/{namespace}/servers/{name}/mcp`. */
  proxies?: ReadonlyMap<string, NamespaceProxy>
) {
  const servers = createServerApps(deps)
  const operations = [
    ...servers,
    createNamespacedApp(deps, [
      ...servers,
      ...(proxies ? [createNamespacedMcpRoute(deps, proxies)] : []),
    ]),
    createMcpApp(deps),
    createEventsApp(deps),
    createHooksApp(deps),
    ...(activator ? [activator.app] : []),
    createDashboardApp(deps),
  ]
  return composeApp(deps, operations, observability)
}
