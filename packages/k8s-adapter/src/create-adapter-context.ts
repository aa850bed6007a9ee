import { DEFAULT_SELECTOR } from '@mcp-lifecycle/core'
import type { KubeConfig } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { createApiClients } from './api-clients.ts'
import { withCallTimeout } from './call-timeout.ts'
import type { FetchFn } from './fetch-fn.ts'
import { httpsFetch } from './https-fetch.ts'
import { defaultNamespace, loadKubeConfig } from './kube-config.ts'
import { observedFetch, type ApiRequestRecord } from './observed-fetch.ts'
import { retryForbidden } from './retry-forbidden.ts'

/** How long the API server gets to answer a call, unless configured otherwise. */
export const DEFAULT_CALL_TIMEOUT_MS = 5000

/** Where every port of the adapter reaches the cluster, and how. */
export interface AdapterConnection {
  /** Defaults to in-cluster config in a pod, else KUBECONFIG / ~/.kube/config. */
  kubeConfig?: KubeConfig
  /** Defaults to the pod's namespace in a cluster, else `default`. */
  namespace?: string
  /** Label selector of MCP server Deployments. */
  selector?: string
  /** Every request goes through it; defaults to httpsFetch (msw tests pass the global fetch). */
  fetch?: FetchFn
  /**
   * How long the API server gets to answer a call (a watch: to answer its headers) before the
   * call fails as 'unavailable'. Default 5000.
   */
  callTimeoutMs?: number
  /** Called for every API request (for metrics); never sees headers or bodies. */
  observeRequest?: (record: ApiRequestRecord) => void
}

/**
 * The one way the adapter's ports get their clients: a fetch where, outermost first, a 403 is
 * retried, each try is bounded by the call timeout and reported to observeRequest, and all
 * share one connection pool.
 */
export function createAdapterContext(options: AdapterConnection = {}): AdapterContext {
  const sent = options.fetch ?? httpsFetch
  const observed = options.observeRequest ? observedFetch(sent, options.observeRequest) : sent
  const fetchFn = retryForbidden(
    withCallTimeout(observed, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)
  )
  return {
    api: createApiClients(options.kubeConfig ?? loadKubeConfig(), fetchFn),
    namespace: options.namespace ?? defaultNamespace(),
    selector: options.selector ?? DEFAULT_SELECTOR,
  }
}
