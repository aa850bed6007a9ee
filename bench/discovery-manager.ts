// Shared by the discovery benchmarks: the manager as apps/server composes it for discovery
// (reads from a cache the adapter's list-watches keep, the ConfigMap discovery store), served
// on 127.0.0.1.
import { createActivator, type ActivatorOptions } from '@mcp-lifecycle/activator'
import { createCachedBackend } from '@mcp-lifecycle/core'
import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { type Cluster, createServerApp, serveOnLoopback } from './lib.ts'

export async function serveDiscoveryManager(
  c: Cluster,
  namespace: string,
  options: Partial<ActivatorOptions>
) {
  const adapter = createK8sAdapter({ kubeConfig: c.kc, namespace })
  const stop = new AbortController()
  const backend = createCachedBackend(adapter.backend, adapter.feed, {
    namespace,
    signal: stop.signal,
  })
  const deps = { backend }
  const activator = createActivator(deps, {
    pods: adapter.pods,
    discovery: adapter.discovery,
    ...options,
  })
  const served = await serveOnLoopback(createServerApp(deps, undefined, activator))
  return {
    adapter,
    backend,
    activator,
    url: served.url,
    async close() {
      stop.abort()
      activator.close()
      await served.close()
    },
  }
}
