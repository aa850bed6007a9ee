import type { KubeConfig, V1Deployment, V1Service } from '@kubernetes/client-node'
import type { ServerFeed } from '@mcp-lifecycle/core'
import { fetch as undiciFetch } from 'undici'
import type { AdapterContext } from './adapter-context.ts'
import { createApiClients } from './api-clients.ts'
import { withCallTimeout } from './call-timeout.ts'
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MCP_SELECTOR } from './create-k8s-backend.ts'
import type { FetchFn } from './fetch-http-library.ts'
import { defaultNamespace, loadKubeConfig } from './kube-config.ts'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { listWatchFeed } from './list-watch-feed.ts'
import { observedFetch, type ApiRequestRecord } from './observed-fetch.ts'
import { reuseDispatcher } from './reuse-dispatcher.ts'
import { toDeploymentSnapshot, toServiceSnapshot } from './to-snapshot.ts'

export interface K8sServerFeedOptions {
  kubeConfig?: KubeConfig
  namespace?: string
  /** Label selector of MCP server Deployments. */
  selector?: string
  /** Every request goes through it; defaults to undici's fetch (msw tests pass the global one). */
  fetch?: FetchFn
  /** How long a list, or a watch's headers, may take. */
  callTimeoutMs?: number
  watchTuning?: Partial<WatchTuning>
  /** Called for every API request (for metrics and tests); never sees headers or bodies. */
  observeRequest?: (record: ApiRequestRecord) => void
}

/**
 * The Kubernetes implementation of core's ServerFeed: a list-watch of the MCP server
 * Deployments (by label) and one of every Service of the namespace, on a connection pool of
 * its own. Keyed by each object's namespace, so a cluster-wide watch can later feed the same
 * cache.
 */
export function createK8sServerFeed(options: K8sServerFeedOptions = {}): ServerFeed {
  const ctx = feedContext(options)
  const tuning = { ...DEFAULT_WATCH_TUNING, ...options.watchTuning }
  const base = `/namespaces/${ctx.namespace}`
  return {
    deployments: (signal) =>
      listWatchFeed<V1Deployment, ReturnType<typeof toDeploymentSnapshot>>(
        ctx,
        {
          what: 'Watching MCP servers',
          path: `/apis/apps/v1${base}/deployments`,
          labelSelector: ctx.selector,
          list: (s) =>
            ctx.api.apps.listNamespacedDeployment(
              { namespace: ctx.namespace, labelSelector: ctx.selector },
              ctx.api.abortedBy(s)
            ),
          toSnapshot: toDeploymentSnapshot,
        },
        signal,
        tuning
      ),
    services: (signal) =>
      listWatchFeed<V1Service, ReturnType<typeof toServiceSnapshot>>(
        ctx,
        {
          what: 'Watching Services',
          path: `/api/v1${base}/services`,
          list: (s) =>
            ctx.api.core.listNamespacedService({ namespace: ctx.namespace }, ctx.api.abortedBy(s)),
          toSnapshot: toServiceSnapshot,
        },
        signal,
        tuning
      ),
  }
}

function feedContext(options: K8sServerFeedOptions): AdapterContext {
  const pooled = reuseDispatcher(options.fetch ?? (undiciFetch as unknown as FetchFn))
  const observed = options.observeRequest ? observedFetch(pooled, options.observeRequest) : pooled
  const fetchFn = withCallTimeout(observed, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)
  return {
    api: createApiClients(options.kubeConfig ?? loadKubeConfig(), fetchFn),
    namespace: options.namespace ?? defaultNamespace(),
    selector: options.selector ?? DEFAULT_MCP_SELECTOR,
  }
}
