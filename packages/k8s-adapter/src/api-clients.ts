import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  createConfiguration,
  RequestContext,
  HttpMethod,
  ServerConfiguration,
  type ConfigurationOptions,
  type KubeConfig,
} from '@kubernetes/client-node'
import { createFetchHttpLibrary, type FetchFn } from './fetch-http-library.ts'

/** Everything the adapter needs to reach the API server, built once per backend. */
export interface ApiClients {
  apps: AppsV1Api
  core: CoreV1Api
  /** Leases (the reaper's leader election). */
  coordination: CoordinationV1Api
  /** A GET whose body the caller reads itself (watches, raw lists), with the kubeconfig's credentials. */
  stream(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<Response>
  /**
   * The per-call options (client-node's second argument) that abort the call when `signal`
   * does: `apps.replaceNamespacedDeploymentScale(request, api.abortedBy(signal))`.
   */
  abortedBy(signal: AbortSignal | undefined): ConfigurationOptions | undefined
}

export function createApiClients(kubeConfig: KubeConfig, fetchFn: FetchFn): ApiClients {
  const cluster = kubeConfig.getCurrentCluster()
  if (!cluster) throw new Error('The kubeconfig has no current cluster')
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    httpApi: createFetchHttpLibrary(fetchFn),
  })
  return {
    apps: new AppsV1Api(configuration),
    core: new CoreV1Api(configuration),
    coordination: new CoordinationV1Api(configuration),
    abortedBy: (signal) => signal && { httpApi: createFetchHttpLibrary(fetchFn, signal) },
    async stream(path, query, signal) {
      const url = new URL(cluster.server.replace(/\/$/, '') + path)
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
      const context = new RequestContext(url.toString(), HttpMethod.GET)
      await kubeConfig.applySecurityAuthentication(context)
      return fetchFn(url, {
        headers: context.getHeaders(),
        dispatcher: context.getDispatcher(),
        signal,
      })
    },
  }
}
