import { listedNamespaces, type OperationServices } from '@mcp-lifecycle/core'
import { createAdapterFromSettings } from './adapter-from-settings.ts'
import { namespacePortsOf } from './namespaces-from-settings.ts'
import { endpointOptionsOf, type Settings } from './settings.ts'

/**
 * What the stdio MCP bin's operations act on: every namespace MCPL_NAMESPACES lists (unset: the
 * default one alone), each with its own ports over one adapter, as createRuntime builds them.
 * Not createRuntime() itself: its pino logger writes to stdout (the protocol channel here), and
 * its metrics have no endpoint. `*` is refused: this process has no cluster-wide cache to find
 * the namespaces that hold servers (the manager's), and a desktop tool should not watch a cluster.
 */
export function createStdioServices(
  settings: Settings,
  env: Record<string, string | undefined> = process.env
): OperationServices {
  if (settings.MCPL_NAMESPACES?.all) {
    throw new Error(
      "MCPL_NAMESPACES='*' is not supported by the stdio MCP bin: list the namespaces instead (MCPL_NAMESPACES=team-a,team-b, the default one included)."
    )
  }
  const kubernetes = createAdapterFromSettings(settings, { env })
  const ports = namespacePortsOf(kubernetes, settings.MCPL_NAMESPACES)
  const namespaces = listedNamespaces(kubernetes.namespace, ports)
  const own = namespaces.scope(kubernetes.namespace)!
  return {
    backend: own.backend,
    pods: own.pods,
    deliveries: own.deliveries,
    endpointOptions: endpointOptionsOf(settings),
    namespaces,
  }
}
