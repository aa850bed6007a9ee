// Shared by the adapter's msw tests: a kubeconfig for a fake API server, and Kubernetes
// objects as the API server would send them. Not exported from the package.
import { KubeConfig } from '@kubernetes/client-node'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createK8sAdapter, type K8sBackendOptions } from './create-k8s-backend.ts'
import type { FetchFn } from './fetch-fn.ts'
import type { AdapterContext } from './adapter-context.ts'
import { createAdapterContext } from './create-adapter-context.ts'

export const API = 'https://k8s.test'
export const NAMESPACE = 'mcp'
export const SELECTOR = 'app.kubernetes.io/component=mcp-server'
export const DEPLOYMENTS = `${API}/apis/apps/v1/namespaces/${NAMESPACE}/deployments`
export const SERVICES = `${API}/api/v1/namespaces/${NAMESPACE}/services`
export const REPLICASETS = `${API}/apis/apps/v1/namespaces/${NAMESPACE}/replicasets`
export const PODS = `${API}/api/v1/namespaces/${NAMESPACE}/pods`

/** The global fetch, which msw intercepts; the Node agent (TLS settings) is httpsFetch's alone. */
export const mswFetch: FetchFn = (input, { agent: _agent, ...init } = {}) =>
  fetch(input, init as RequestInit)

/** A kubeconfig with a bearer token for the API server at `server` (by default the fake one). */
export function testKubeConfig(server = API): KubeConfig {
  const kubeConfig = new KubeConfig()
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'test', server, skipTLSVerify: true }],
    users: [{ name: 'test', token: 'test-token' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
    currentContext: 'test',
  })
  return kubeConfig
}

/** The connection every port takes: the fake API server, its namespace and selector, msw's fetch. */
export function testConnection() {
  return { kubeConfig: testKubeConfig(), namespace: NAMESPACE, selector: SELECTOR, fetch: mswFetch }
}

/** An adapter context composed as in production (call timeout and all) over the global fetch. */
export function testContext(): AdapterContext {
  return createAdapterContext(testConnection())
}

/** The adapter over the global fetch, which msw intercepts; `options` override the defaults. */
export function testBackend(options: Partial<K8sBackendOptions> = {}) {
  return testAdapter(options).backend
}

/** The ConfigMap delivery record over the global fetch, which msw intercepts. */
export function testDeliveryRecord(options: Partial<K8sBackendOptions> = {}) {
  return testAdapter(options).deliveries
}

/** The whole adapter over the global fetch, which msw intercepts. */
export function testAdapter(options: Partial<K8sBackendOptions> = {}) {
  return createK8sAdapter({
    ...testConnection(),
    watchTuning: { requestSeconds: 5, maxFailures: 2, backoffMs: 1, maxBackoffMs: 4 },
    ...options,
  })
}

export function deploymentJson(
  name: string,
  replicas: number,
  ready = replicas,
  resourceVersion = '100'
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: NAMESPACE,
      uid: `uid-${name}`,
      generation: 3,
      resourceVersion,
      labels: { 'app.kubernetes.io/component': 'mcp-server', app: name },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } } },
    },
    status: {
      observedGeneration: 3,
      replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      updatedReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastTransitionTime: '2026-11-20T10:00:00Z',
          reason: 'MinimumReplicasAvailable',
        },
      ],
    },
  }
}

export function serviceJson(name: string, clusterIP: string, port = 8080) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      selector: { app: name },
      ports: [{ name: 'http', port }],
    },
  }
}

/** A watch response: one JSON event per line, then the stream ends (as on a server timeout). */
export function watchStream(events: unknown[]): Response {
  const body = events.map((e) => JSON.stringify(e) + '\n').join('')
  return new HttpResponse(body, { headers: { 'content-type': 'application/json' } })
}

/** A Deployments LIST answer of `items` (deploymentJson), at `resourceVersion`. */
export const deploymentList = (items: unknown[], resourceVersion?: string) =>
  HttpResponse.json(listJson('DeploymentList', items, resourceVersion))

/** GET Deployments answered by a LIST of `items`, whatever the query. */
export const listedDeployments = (items: unknown[], resourceVersion?: string) =>
  http.get(DEPLOYMENTS, () => deploymentList(items, resourceVersion))

/** A LIST of one Deployment, weather: 1 replica desired, none ready yet. */
export const weatherStarting = () => deploymentList([deploymentJson('weather', 1, 0)])

/** Whether a request is a watch rather than a list. */
export const isWatch = (request: Request) =>
  new URL(request.url).searchParams.get('watch') === 'true'

/** What a `deploymentsListWatch` handler saw: its LISTs, and where each watch started. */
export interface ListWatchCalls {
  lists: number
  /** The resourceVersion of each watch, in order. */
  versions: (string | null)[]
  /** The URL of each watch, in order. */
  watches: URL[]
}

/**
 * GET Deployments answered by `list(n)` for the n-th LIST and `watch(n)` for the n-th watch
 * (both from 1), each counted in `calls`.
 */
export function deploymentsListWatch(
  list: (n: number) => Response,
  watch: (n: number) => Response | Promise<void>
) {
  const calls: ListWatchCalls = { lists: 0, versions: [], watches: [] }
  const handler = http.get(DEPLOYMENTS, ({ request }) => {
    if (!isWatch(request)) return list(++calls.lists)
    const url = new URL(request.url)
    calls.watches.push(url)
    calls.versions.push(url.searchParams.get('resourceVersion'))
    return watch(calls.versions.length)
  })
  return { calls, handler }
}

export function listJson(kind: string, items: unknown[], resourceVersion = '100') {
  return { apiVersion: 'v1', kind, metadata: { resourceVersion }, items }
}

/** The Services LIST of a namespace without Services. */
export const noServices = () =>
  http.get(SERVICES, () => HttpResponse.json(listJson('ServiceList', [])))

export function statusJson(code: number, reason: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `secret-detail ${reason}`,
    reason,
    code,
  }
}

/** A list the test file records into (requests seen, calls made), emptied after each test. */
export function recordedPerTest<T>(): T[] {
  const records: T[] = []
  afterEach(() => {
    records.length = 0
  })
  return records
}

/**
 * The fake API server for one test file: unhandled requests fail (so msw is provably in the
 * path), handlers are reset after each test.
 */
export function useMswServer() {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}
