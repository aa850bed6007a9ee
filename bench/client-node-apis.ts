// client-node's generated API classes over a fetch we choose: what the adapter used until
// 2026-12-03, kept for the benchmarks' baselines (the original's method, raw LISTs deserialized
// into client-node's models, as the Python client deserializes into its own).
import * as k8s from '@kubernetes/client-node'
import {
  apiCredentials,
  createApiClients as createAdapterApiClients,
} from '@mcp-lifecycle/k8s-adapter/testing'
import type { FetchFn } from '@mcp-lifecycle/k8s-adapter'

/**
 * client-node's HTTP library, sending through `fetchFn` (client-node would import undici's)
 * with the adapter's kept agent: its credentials are already in the request's headers.
 */
function fetchHttpLibrary(fetchFn: FetchFn, kc: k8s.KubeConfig): k8s.HttpLibrary {
  const credentials = apiCredentials(kc)
  return k8s.wrapHttpLibrary({
    async send(request: k8s.RequestContext): Promise<k8s.ResponseContext> {
      const response = await fetchFn(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        body: request.getBody(),
        headers: request.getHeaders(),
        signal: request.getSignal(),
        agent: (await credentials()).agent,
      })
      const headers: Record<string, string> = Object.fromEntries(response.headers)
      return new k8s.ResponseContext(response.status, headers, {
        text: () => response.text(),
        binary: () => response.arrayBuffer().then((b) => Buffer.from(b)),
        stream: () => response.body,
      })
    },
  })
}

/**
 * client-node's AppsV1Api and CoreV1Api with the adapter's fetch and connections, so raw LISTs and
 * the baselines are compared on equal terms; `stream` is the adapter's own raw GET.
 */
export function createClientNodeApis(kc: k8s.KubeConfig, fetchFn: FetchFn) {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new Error('The kubeconfig has no current cluster')
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: fetchHttpLibrary(fetchFn, kc),
  })
  return {
    apps: new k8s.AppsV1Api(configuration),
    core: new k8s.CoreV1Api(configuration),
    stream: createAdapterApiClients(kc, fetchFn).stream,
  }
}
