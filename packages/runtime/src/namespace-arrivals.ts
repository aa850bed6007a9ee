import type { ServerCache } from '@mcp-lifecycle/core'

/** Subscribes a listener to the namespaces that come to hold MCP servers; returns how to stop. */
export type OnNamespaceAdded = (listener: (namespace: string) => void) => () => void

/**
 * The namespaces that come to hold MCP servers, as a cluster-wide cache sees them: one
 * subscription to the cache's changes for every listener, each told of every namespace that
 * holds servers where it held none, after it subscribed (again after it emptied: a stream
 * opened meanwhile did not know it). What it keeps is bounded by the cluster's namespaces.
 */
export function namespaceArrivals(cache: ServerCache): OnNamespaceAdded {
  let holding = new Set(cache.namespaces())
  const listeners = new Set<(namespace: string) => void>()
  cache.onChange(() => {
    const now = cache.namespaces()
    const before = holding
    holding = new Set(now)
    for (const namespace of now) {
      if (before.has(namespace)) continue
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
