import {
  cachedBackendOver,
  createCachedBackend,
  discoveredNamespaces,
  followServerFeed,
  listedNamespaces,
  type LifecycleBackend,
  type ManagedNamespaces,
} from '@mcp-lifecycle/core'
import type { Runtime } from './create-runtime.ts'
import { namespaceArrivals } from './namespace-arrivals.ts'
import { namespacePorts, type NamespacePorts } from './namespaces-from-settings.ts'

/** The managed namespaces of the long-running manager, each read from a cache. */
export interface CachedNamespaces {
  deps: { namespaces: ManagedNamespaces; backend: LifecycleBackend }
  /** A managed namespace's ports (built once). */
  portsOf(namespace: string): NamespacePorts
  /** Calls `use` once for every managed namespace but the default one, now or when first seen. */
  forEachOther(use: (ports: NamespacePorts) => void): void
}

/**
 * A list (MCPL_NAMESPACES): one list-watch per kind in each namespace. `*`: one cluster-scoped
 * list-watch per kind (the Deployments by the MCP label) feeding one cache, each namespace's
 * backend reading its part; a namespace is managed once servers are seen in it.
 */
export function cachedNamespaces(runtime: Runtime): CachedNamespaces {
  const defaultNamespace = runtime.namespaces.defaultNamespace
  const cached = runtime.settings.MCPL_NAMESPACES?.all ? everyNamespace(runtime) : listed(runtime)
  return {
    ...cached,
    deps: {
      namespaces: cached.namespaces,
      backend: cached.namespaces.scope(defaultNamespace)!.backend,
    },
  }
}

type Cached = Omit<CachedNamespaces, 'deps'> & { namespaces: ManagedNamespaces }

function listed(runtime: Runtime): Cached {
  const { logger, shutdown, settings } = runtime
  const ports = runtime.namespacePorts.map((p) => ({
    ...p,
    backend: createCachedBackend(p.backend, p.adapter.feed, {
      namespace: p.namespace,
      signal: shutdown.signal,
      notFoundWhere: notFoundWhere(p.namespace, settings.MCPL_SELECTOR),
      onFeedFailure: (kind, err) =>
        logger.warn({ err, kind, namespace: p.namespace }, 'watch failed; retrying'),
    }),
  }))
  const byName = new Map(ports.map((p) => [p.namespace, p]))
  const defaultNamespace = runtime.namespaces.defaultNamespace
  return {
    namespaces: listedNamespaces(defaultNamespace, ports),
    portsOf: (namespace) => byName.get(namespace)!,
    forEachOther: (use) => ports.filter((p) => p.namespace !== defaultNamespace).forEach(use),
  }
}

function everyNamespace(runtime: Runtime): Cached {
  const { logger, shutdown, settings, kubernetes, metrics } = runtime
  const defaultNamespace = runtime.namespaces.defaultNamespace
  const followed = followServerFeed(kubernetes.clusterFeed, {
    signal: shutdown.signal,
    onFeedFailure: (kind, err) =>
      logger.warn({ err, kind, namespace: '*' }, 'watch failed; retrying'),
  })
  const built = new Map<string, NamespacePorts>()
  const portsOf = (namespace: string) => {
    let ports = built.get(namespace)
    if (!ports) {
      const live =
        namespace === defaultNamespace
          ? runtime.namespacePorts[0]!
          : namespacePorts(kubernetes, namespace, metrics)
      ports = {
        ...live,
        backend: cachedBackendOver(live.backend, followed, {
          namespace,
          notFoundWhere: notFoundWhere(namespace, settings.MCPL_SELECTOR),
        }),
      }
      built.set(namespace, ports)
    }
    return ports
  }
  const { cache } = followed
  const onAdded = namespaceArrivals(cache)
  const seen = {
    has: (ns: string) => cache.holdsServersIn(ns),
    list: () => cache.namespaces(),
    onAdded,
  }
  return {
    namespaces: discoveredNamespaces(defaultNamespace, seen, portsOf),
    portsOf,
    forEachOther(use) {
      // Once per namespace: one that emptied and holds servers again is announced again.
      const started = new Set([defaultNamespace])
      const start = (namespace: string) => {
        if (started.has(namespace)) return
        started.add(namespace)
        use(portsOf(namespace))
      }
      cache.namespaces().forEach(start)
      onAdded(start)
    },
  }
}

function notFoundWhere(namespace: string, selector: string): string {
  return `in namespace '${namespace}' (a Deployment labelled ${selector})`
}
