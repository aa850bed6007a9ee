import { createCachedBackend, type CachedBackend, type LifecycleBackend } from '@mcp-lifecycle/core'
import type { BackendSettings, BackendSources } from './backend-from-settings.ts'
import { createK8sServerFeed } from './create-k8s-server-feed.ts'
import { defaultNamespace, loadKubeConfig } from './kube-config.ts'

export interface CacheSources extends BackendSources {
  /** Stops the list-watches (the process shuts down). */
  signal: AbortSignal
  /** Told of every list or watch failure; the feed retries by itself. */
  onFeedFailure?: (kind: 'deployments' | 'services', error: unknown) => void
}

/**
 * The long-running manager's backend: `live` (the adapter's backend, as every function uses
 * it) behind a cache fed by list-watches of the same namespace and selector. Only a process
 * that lives on builds one: a function's cold start must not wait for a sync.
 */
export function createCachedBackendFromSettings(
  live: LifecycleBackend,
  settings: Pick<BackendSettings, 'MCPL_NAMESPACE' | 'MCPL_SELECTOR' | 'MCPL_KUBE_TIMEOUT_SECONDS'>,
  sources: CacheSources
): CachedBackend {
  const namespace = settings.MCPL_NAMESPACE || defaultNamespace()
  const feed = createK8sServerFeed({
    kubeConfig: loadKubeConfig(sources.env ?? process.env),
    namespace,
    selector: settings.MCPL_SELECTOR,
    callTimeoutMs: settings.MCPL_KUBE_TIMEOUT_SECONDS * 1000,
    ...(sources.observeRequest && { observeRequest: sources.observeRequest }),
  })
  return createCachedBackend(live, feed, {
    namespace,
    signal: sources.signal,
    notFoundWhere: `in namespace '${namespace}' (a Deployment labelled ${settings.MCPL_SELECTOR})`,
    ...(sources.onFeedFailure && { onFeedFailure: sources.onFeedFailure }),
  })
}
