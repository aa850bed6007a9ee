import type { ServerCache } from '@mcp-lifecycle/core'

/** Subscribes a listener to the namespaces that come to hold MCP servers; returns how to stop. */
export type OnNamespaceAdded = (listener: (namespace: string) => void) => () => void

/**
 * The namespaces that come to hold MCP servers, as a cluster-wide cache sees them: one
 * subscription to the cache's changes for every listener, each told once of every namespace
 * first seen after it subscribed. What it keeps is bounded by the cluster's namespaces.
 */
export function namespaceArrivals(cache: ServerCache): OnNamespaceAdded {
  const known = new Set(cache.namespaces())
  const listeners = new Set<(namespace: string) => void>()
  cache.onChange(() => {
    for (const namespace of cache.namespaces()) {
      if (known.has(namespace)) continue
      known.add(namespace)
      for (const listener of listeners) listener(namespace)
    }
  })
  return (listener) => {
    // Its own entry, so one listener subscribed twice is told twice and stopped once each.
    const entry = (namespace: string) => listener(namespace)
    listeners.add(entry)
    return () => listeners.delete(entry)
  }
}
