import type { HttpMethod, KubeConfig } from '@kubernetes/client-node'
import { apiCredentials } from './api-credentials.ts'
import type { FetchFn } from './fetch-fn.ts'
import { KubernetesApiError } from './kubernetes-api-error.ts'

export interface ApiCall {
  method: HttpMethod
  path: string
  query?: Record<string, string | number | undefined>
  body?: unknown
  contentType?: string
  /** Default application/json. */
  accept?: string
  signal?: AbortSignal | undefined
}

/** How every API call reaches the server: the kubeconfig's cluster and credentials over `fetchFn`. */
export interface ApiTransport {
  /** The call's response, whatever its status. */
  send(call: ApiCall): Promise<Response>
  /** The call's JSON body; a failed status as a KubernetesApiError. */
  json<T>(call: ApiCall): Promise<T>
}

export function createApiTransport(kubeConfig: KubeConfig, fetchFn: FetchFn): ApiTransport {
  const cluster = kubeConfig.getCurrentCluster()
  if (!cluster) throw new Error('The kubeconfig has no current cluster')
  const server = cluster.server.replace(/\/$/, '')
  const credentials = apiCredentials(kubeConfig)

  async function send(call: ApiCall): Promise<Response> {
    const url = new URL(server + call.path)
    for (const [key, value] of Object.entries(call.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value))
    const { headers: authorization, agent } = await credentials()
    const headers: Record<string, string> = {
      ...authorization,
      Accept: call.accept ?? 'application/json',
    }
    if (call.body !== undefined) headers['Content-Type'] = call.contentType ?? 'application/json'
    return fetchFn(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
      agent,
      signal: call.signal,
    })
  }

  async function json<T>(call: ApiCall): Promise<T> {
    const response = await send(call)
    if (!response.ok) throw await KubernetesApiError.from(call.method, call.path, response)
    return (await response.json()) as T
  }

  return { send, json }
}
