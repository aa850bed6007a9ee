import {
  createK8sAdapter,
  loadKubeConfig,
  type K8sBackendOptions,
} from '@mcp-lifecycle/k8s-adapter'

/** The settings a backend is made from (named as the environment variables). */
export interface BackendSettings {
  MCPL_NAMESPACE?: string | undefined
  MCPL_SELECTOR: string
  MCPL_DELIVERIES_CONFIGMAP: string
  MCPL_KUBE_TIMEOUT_SECONDS: number
}

export interface BackendSources {
  /** Where KUBECONFIG is read, like every other setting; process.env by default. */
  env?: Record<string, string | undefined>
  observeRequest?: K8sBackendOptions['observeRequest']
  followServices?: K8sBackendOptions['followServices']
}

/**
 * The Kubernetes adapter (every port over one set of API clients) as the settings describe it:
 * the one place that turns settings into adapter options, for the manager, the functions, the
 * stdio MCP bin and the CLI's direct mode. Throws when there is no kubeconfig (the message says
 * where it looked).
 */
export function createAdapterFromSettings(settings: BackendSettings, sources: BackendSources = {}) {
  return createK8sAdapter({
    kubeConfig: loadKubeConfig(sources.env ?? process.env),
    ...(sources.observeRequest && { observeRequest: sources.observeRequest }),
    ...(sources.followServices && { followServices: sources.followServices }),
    ...(settings.MCPL_NAMESPACE && { namespace: settings.MCPL_NAMESPACE }),
    selector: settings.MCPL_SELECTOR,
    deliveryRecord: { configMap: settings.MCPL_DELIVERIES_CONFIGMAP },
    callTimeoutMs: settings.MCPL_KUBE_TIMEOUT_SECONDS * 1000,
  })
}
