import type { KubeConfig } from '@kubernetes/client-node'
import type { ServerPods } from '@mcp-lifecycle/core'
import { fetch as undiciFetch } from 'undici'
import type { AdapterContext } from './adapter-context.ts'
import { createApiClients } from './api-clients.ts'
import { withCallTimeout } from './call-timeout.ts'
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MCP_SELECTOR } from './create-k8s-backend.ts'
import type { FetchFn } from './fetch-http-library.ts'
import { defaultNamespace, loadKubeConfig } from './kube-config.ts'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { reuseDispatcher } from './reuse-dispatcher.ts'
import { watchServerPods } from './watch-server-pods.ts'

export interface K8sServerPodsOptions {
  kubeConfig?: KubeConfig
  namespace?: string
  /** Label selector of MCP server Deployments. */
  selector?: string
  fetch?: FetchFn
  callTimeoutMs?: number
  watchTuning?: Partial<WatchTuning>
}

/** The Kubernetes implementation of core's ServerPods: a list-watch of each server's Pods. */
export function createK8sServerPods(options: K8sServerPodsOptions = {}): ServerPods {
  const kubeConfig = options.kubeConfig ?? loadKubeConfig()
  const fetchFn = reuseDispatcher(options.fetch ?? (undiciFetch as unknown as FetchFn))
  const ctx: AdapterContext = {
    api: createApiClients(
      kubeConfig,
      withCallTimeout(fetchFn, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)
    ),
    namespace: options.namespace ?? defaultNamespace(),
    selector: options.selector ?? DEFAULT_MCP_SELECTOR,
  }
  const tuning = { ...DEFAULT_WATCH_TUNING, ...options.watchTuning }
  return { watchPods: (name, signal) => watchServerPods(ctx, name, signal, tuning) }
}
