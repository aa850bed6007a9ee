import type { ManagedNamespaces, NamespaceScope } from './managed-namespaces.ts'

/** Which namespaces hold MCP servers now, as a cluster-wide cache saw them. */
export interface SeenNamespaces {
  has(namespace: string): boolean
  /** Sorted. */
  list(): string[]
  /** Calls `listener` with each namespace first seen holding servers from now on. */
  onAdded(listener: (namespace: string) => void): () => void
}

/**
 * Every namespace managed (`*`): the default namespace, and every namespace where MCP servers were seen
 * (a namespace without any is not shown, and is a 404 like an unmanaged one). Each one's ports
 * are built on first use and kept: only for a name the cluster holds servers in, never for a
 * name a request alone brings, so what is kept is bounded by the cluster, not by callers.
 */
export function discoveredNamespaces(
  defaultNamespace: string,
  seen: SeenNamespaces,
  portsOf: (namespace: string) => NamespaceScope
): ManagedNamespaces {
  const built = new Map<string, NamespaceScope>()
  const scope = (namespace: string) => {
    if (namespace !== defaultNamespace && !seen.has(namespace)) return built.get(namespace)
    let ports = built.get(namespace)
    if (!ports) built.set(namespace, (ports = portsOf(namespace)))
    return ports
  }
  return {
    defaultNamespace,
    selection: { all: true },
    scope,
    known: () => [...new Set([defaultNamespace, ...seen.list()])].sort(),
    onAdded: (listener) => seen.onAdded(listener),
  }
}
