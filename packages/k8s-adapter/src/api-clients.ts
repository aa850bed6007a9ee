import {
  HttpMethod,
  type KubeConfig,
  type V1ConfigMap,
  type V1Deployment,
  type V1DeploymentList,
  type V1Lease,
  type V1PodList,
  type V1ReplicaSetList,
  type V1Scale,
  type V1ServiceList,
} from '@kubernetes/client-node'
import { createApiTransport } from './api-transport.ts'
import type { FetchFn } from './fetch-fn.ts'

/** Per call: `signal` aborts it (the caller went away). */
export interface CallOptions {
  signal?: AbortSignal
}

interface Namespaced {
  namespace: string
}
interface Named extends Namespaced {
  name: string
}
interface Listed extends Namespaced {
  labelSelector?: string
  fieldSelector?: string
}
interface Written<T> extends Named {
  body: T
  /** `All`: the API server checks the write and stores nothing. */
  dryRun?: string
}

/** One REST call: its request (namespace, name, selectors, body) and the API server's JSON. */
type Call<Request, Answer> = (request: Request, options?: CallOptions) => Promise<Answer>

/**
 * The dozen REST calls the adapter makes, named as in client-node's generated APIs. Bodies are
 * the API server's JSON, typed with client-node's models but not converted into them: times stay
 * RFC 3339 strings (to-snapshot.ts reads both). client-node's generated API classes and model
 * serializer were half of each function bundle, loaded at every cold start for these calls
 * (issue 18); its KubeConfig still authenticates every request.
 */
export interface ApiClients {
  apps: {
    listNamespacedDeployment: Call<Listed, V1DeploymentList>
    readNamespacedDeployment: Call<Named, V1Deployment>
    /** A JSON merge patch (RFC 7386). */
    patchNamespacedDeployment: Call<Written<object>, V1Deployment>
    replaceNamespacedDeploymentScale: Call<Written<V1Scale>, V1Scale>
    listNamespacedReplicaSet: Call<Listed, V1ReplicaSetList>
  }
  core: {
    listNamespacedPod: Call<Listed, V1PodList>
    deleteNamespacedPod: Call<Named & { gracePeriodSeconds?: number; dryRun?: string }, unknown>
    listNamespacedService: Call<Listed, V1ServiceList>
    readNamespacedConfigMap: Call<Named, V1ConfigMap>
    replaceNamespacedConfigMap: Call<Written<V1ConfigMap>, V1ConfigMap>
    createNamespacedConfigMap: Call<Namespaced & { body: V1ConfigMap }, V1ConfigMap>
  }
  /** Leases (the reaper's leader election). */
  coordination: {
    readNamespacedLease: Call<Named, V1Lease>
    createNamespacedLease: Call<Namespaced & { body: V1Lease }, V1Lease>
    replaceNamespacedLease: Call<Written<V1Lease>, V1Lease>
  }
  /**
   * A GET of a document outside the resource APIs (the issuer's discovery and keys), parsed as
   * JSON; `accept` is its media type (the API server answers 406 to any other).
   */
  readDocument(path: string, accept: string, options?: CallOptions): Promise<unknown>
  /** A GET whose body the caller reads itself (watches, raw lists), with the kubeconfig's credentials. */
  stream(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<Response>
  /** The per-call options that abort the call when `signal` does. */
  abortedBy(signal: AbortSignal | undefined): CallOptions | undefined
}

export function createApiClients(kubeConfig: KubeConfig, fetchFn: FetchFn): ApiClients {
  const { send, json } = createApiTransport(kubeConfig, fetchFn)

  const namespaced = (group: string, kind: string, r: Namespaced) =>
    `${group}/namespaces/${encodeURIComponent(r.namespace)}/${kind}`
  const named = (group: string, kind: string, r: Named) =>
    `${namespaced(group, kind, r)}/${encodeURIComponent(r.name)}`
  const selectors = (r: Listed) => ({
    labelSelector: r.labelSelector,
    fieldSelector: r.fieldSelector,
  })

  const APPS = '/apis/apps/v1'
  const CORE = '/api/v1'
  const COORDINATION = '/apis/coordination.k8s.io/v1'
  const { GET, PUT, POST, PATCH, DELETE } = HttpMethod

  // The three shapes every call takes: a LIST by selectors, a GET, a write of a body.
  const list = <T>(path: string, r: Listed, o?: CallOptions) =>
    json<T>({ method: GET, path, query: selectors(r), ...o })
  const read = <T>(path: string, o?: CallOptions) => json<T>({ method: GET, path, ...o })
  const write = <T>(
    method: HttpMethod,
    path: string,
    r: { body: unknown; dryRun?: string },
    o?: CallOptions,
    contentType?: string
  ) =>
    json<T>({
      method,
      path,
      query: { dryRun: r.dryRun },
      body: r.body,
      ...(contentType && { contentType }),
      ...o,
    })

  return {
    apps: {
      listNamespacedDeployment: (r, o) => list(namespaced(APPS, 'deployments', r), r, o),
      readNamespacedDeployment: (r, o) => read(named(APPS, 'deployments', r), o),
      patchNamespacedDeployment: (r, o) =>
        write(PATCH, named(APPS, 'deployments', r), r, o, 'application/merge-patch+json'),
      replaceNamespacedDeploymentScale: (r, o) =>
        write(PUT, `${named(APPS, 'deployments', r)}/scale`, r, o),
      listNamespacedReplicaSet: (r, o) => list(namespaced(APPS, 'replicasets', r), r, o),
    },
    core: {
      listNamespacedPod: (r, o) => list(namespaced(CORE, 'pods', r), r, o),
      deleteNamespacedPod: (r, o) =>
        json({
          method: DELETE,
          path: named(CORE, 'pods', r),
          query: { gracePeriodSeconds: r.gracePeriodSeconds, dryRun: r.dryRun },
          ...o,
        }),
      listNamespacedService: (r, o) => list(namespaced(CORE, 'services', r), r, o),
      readNamespacedConfigMap: (r, o) => read(named(CORE, 'configmaps', r), o),
      replaceNamespacedConfigMap: (r, o) => write(PUT, named(CORE, 'configmaps', r), r, o),
      createNamespacedConfigMap: (r, o) => write(POST, namespaced(CORE, 'configmaps', r), r, o),
    },
    coordination: {
      readNamespacedLease: (r, o) => read(named(COORDINATION, 'leases', r), o),
      createNamespacedLease: (r, o) => write(POST, namespaced(COORDINATION, 'leases', r), r, o),
      replaceNamespacedLease: (r, o) => write(PUT, named(COORDINATION, 'leases', r), r, o),
    },
    readDocument: (path, accept, o) => json({ method: GET, path, accept, ...o }),
    abortedBy: (signal) => signal && { signal },
    stream: (path, query, signal) => send({ method: GET, path, query, signal }),
  }
}
