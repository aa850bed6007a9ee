import type { Settings } from '@mcp-lifecycle/core'
import { createK8sBackend, type K8sBackendOptions } from './create-k8s-backend.ts'
import { loadKubeConfig } from './kube-config.ts'

/** The settings a backend is made from. */
export type BackendSettings = Pick<
  Settings,
  | 'MCPL_NAMESPACE'
  | 'MCPL_SELECTOR'
  | 'MCPL_NODE_HOSTS'
  | 'MCPL_CLUSTER_DOMAIN'
  | 'MCPL_DELIVERIES_CONFIGMAP'
  | 'MCPL_KUBE_TIMEOUT_SECONDS'
>

export interface BackendSources {
  /** Where KUBECONFIG is read, like every other setting; process.env by default. */
  env?: Record<string, string | undefined>
  observeRequest?: K8sBackendOptions['observeRequest']
}

/**
 * The Kubernetes backend as the settings describe it: the one place that turns settings into
 * a backend, for the server, the functions, the stdio MCP bin and the CLI's direct mode.
 * Throws when there is no kubeconfig (the message says where it looked).
 */
export function createBackendFromSettings(settings: BackendSettings, sources: BackendSources = {}) {
  return createK8sBackend({
    kubeConfig: loadKubeConfig(sources.env ?? process.env),
    ...(sources.observeRequest && { observeRequest: sources.observeRequest }),
    ...(settings.MCPL_NAMESPACE && { namespace: settings.MCPL_NAMESPACE }),
    selector: settings.MCPL_SELECTOR,
    endpointOptions: {
      nodeHosts: settings.MCPL_NODE_HOSTS,
      clusterDomain: settings.MCPL_CLUSTER_DOMAIN,
    },
    deliveryRecord: { configMap: settings.MCPL_DELIVERIES_CONFIGMAP },
    callTimeoutMs: settings.MCPL_KUBE_TIMEOUT_SECONDS * 1000,
  })
}
