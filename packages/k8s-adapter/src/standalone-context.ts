import {
  CoordinationV1Api,
  createConfiguration,
  ServerConfiguration,
  type KubeConfig,
} from '@kubernetes/client-node'
import { fetch as undiciFetch } from 'undici'
import type { AdapterContext } from './adapter-context.ts'
import { createApiClients } from './api-clients.ts'
import { withCallTimeout } from './call-timeout.ts'
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MCP_SELECTOR } from './create-k8s-backend.ts'
import { createFetchHttpLibrary, type FetchFn } from './fetch-http-library.ts'
import { defaultNamespace, loadKubeConfig } from './kube-config.ts'
import { reuseDispatcher } from './reuse-dispatcher.ts'

/** Where the manager's own ports (activity, lease) reach the cluster; defaults as the backend's. */
export interface K8sClientOptions {
  kubeConfig?: KubeConfig
  namespace?: string
  /** Label selector of MCP server Deployments. */
  selector?: string
  /** Every request goes through it; defaults to undici's fetch (msw tests pass the global one). */
  fetch?: FetchFn
  callTimeoutMs?: number
}

/** The adapter context plus the coordination.k8s.io client that only the lease needs. */
export interface StandaloneContext extends AdapterContext {
  coordination: CoordinationV1Api
}

/** API clients for a port that lives apart from the backend, each call bounded in time. */
export function createStandaloneContext(options: K8sClientOptions = {}): StandaloneContext {
  const kubeConfig = options.kubeConfig ?? loadKubeConfig()
  const pooled = reuseDispatcher(options.fetch ?? (undiciFetch as unknown as FetchFn))
  const fetchFn = withCallTimeout(pooled, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)
  const cluster = kubeConfig.getCurrentCluster()
  if (!cluster) throw new Error('The kubeconfig has no current cluster')
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    httpApi: createFetchHttpLibrary(fetchFn),
  })
  return {
    api: createApiClients(kubeConfig, fetchFn),
    coordination: new CoordinationV1Api(configuration),
    namespace: options.namespace ?? defaultNamespace(),
    selector: options.selector ?? DEFAULT_MCP_SELECTOR,
  }
}
