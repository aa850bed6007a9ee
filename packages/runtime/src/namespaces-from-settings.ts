import { shareServerPods, type NamespaceScope, type NamespaceSelection } from '@mcp-lifecycle/core'
import type { K8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { instrumentBackend, type Metrics } from '@mcp-lifecycle/observability'

/** One managed namespace: its ports, and the adapter confined to it (its feed, its leases). */
export interface NamespacePorts extends NamespaceScope {
  adapter: K8sAdapter
}

/**
 * The ports of every namespace MCPL_NAMESPACES lists (unset: the default one alone), over the
 * default namespace's adapter: one set of API clients for all. The default namespace must be
 * listed, since the routes without a namespace act on it. For `*`, the default one's only: the
 * others are found as the manager's cluster-wide cache sees servers in them (serve-manager.ts).
 */
export function namespacePortsOf(
  kubernetes: K8sAdapter,
  selection: NamespaceSelection | undefined,
  metrics?: Metrics
): NamespacePorts[] {
  const defaultNamespace = kubernetes.namespace
  if (selection?.all) return [namespacePorts(kubernetes, defaultNamespace, metrics)]
  const names = selection?.namespaces ?? [defaultNamespace]
  if (!names.includes(defaultNamespace)) {
    throw new Error(
      `MCPL_NAMESPACES must include the default namespace '${defaultNamespace}' (MCPL_NAMESPACE, else the pod's own): the routes without a namespace act on it.`
    )
  }
  return names.map((namespace) => namespacePorts(kubernetes, namespace, metrics))
}

/**
 * One namespace's ports, over the default namespace's adapter (its clients, its metering); the
 * backend's calls are counted when there are metrics (the stdio bin has no endpoint for them).
 */
export function namespacePorts(
  kubernetes: K8sAdapter,
  namespace: string,
  metrics?: Metrics
): NamespacePorts {
  const adapter =
    namespace === kubernetes.namespace ? kubernetes : kubernetes.inNamespace(namespace)
  return {
    namespace,
    adapter,
    backend: metrics ? instrumentBackend(adapter.backend, metrics) : adapter.backend,
    deliveries: adapter.deliveries,
    // One watch per server shared by the gate, waits and status reads (see shareServerPods).
    pods: shareServerPods(adapter.pods, { lingerMs: 5_000, maxServers: 1_000 }),
  }
}
