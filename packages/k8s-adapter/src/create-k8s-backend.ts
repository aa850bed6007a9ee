import type { KubeConfig } from '@kubernetes/client-node'
import {
  DEFAULT_SELECTOR,
  type DeliveryRecord,
  type LifecycleBackend,
  type ServerPods,
} from '@mcp-lifecycle/core'
import { fetch as undiciFetch } from 'undici'
import type { AdapterContext } from './adapter-context.ts'
import { createApiClients } from './api-clients.ts'
import { withCallTimeout } from './call-timeout.ts'
import { deletePods } from './delete-pods.ts'
import {
  createDeliveryRecord,
  DEFAULT_DELIVERY_RECORD,
  type DeliveryRecordOptions,
} from './delivery-record.ts'
import type { FetchFn } from './fetch-http-library.ts'
import { observedFetch, type ApiRequestRecord } from './observed-fetch.ts'
import { retryForbidden } from './retry-forbidden.ts'
import { reuseDispatcher } from './reuse-dispatcher.ts'
import { defaultNamespace, loadKubeConfig } from './kube-config.ts'
import { getServer, listServers } from './list-servers.ts'
import { scaleDeployment } from './scale-deployment.ts'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { watchDeployment } from './watch-deployment.ts'
import { watchServers } from './watch-servers.ts'
import { watchServerPods } from './watch-server-pods.ts'

/** The label that makes a Deployment an MCP server, unless configured otherwise. */
export const DEFAULT_MCP_SELECTOR = DEFAULT_SELECTOR

export interface K8sBackendOptions {
  /** Defaults to in-cluster config in a pod, else KUBECONFIG / ~/.kube/config. */
  kubeConfig?: KubeConfig
  /** Defaults to the pod's namespace in a cluster, else `default`. */
  namespace?: string
  /** Label selector of MCP server Deployments. */
  selector?: string
  /** Every request goes through it; defaults to undici's fetch, as client-node's own. */
  fetch?: FetchFn
  /**
   * How long the API server gets to answer a call (a watch: to answer its headers) before the
   * call fails as 'unavailable'. Default 5000.
   */
  callTimeoutMs?: number
  watchTuning?: Partial<WatchTuning>
  /** Where handled deliveries are recorded, and how many for how long. */
  deliveryRecord?: Partial<DeliveryRecordOptions>
  /** Called for every API request (for metrics); never sees headers or bodies. */
  observeRequest?: (record: ApiRequestRecord) => void
}

/** How long the API server gets to answer a call, unless configured otherwise. */
export const DEFAULT_CALL_TIMEOUT_MS = 5000

/** Both ports the adapter implements, over one set of API clients (one connection pool). */
export interface K8sAdapter {
  backend: LifecycleBackend
  /** The record of handled deliveries, in a ConfigMap of the namespace. */
  deliveries: DeliveryRecord
  /** The servers' pods, from a list-watch of each server's Pods. */
  pods: ServerPods
}

export function createK8sAdapter(options: K8sBackendOptions = {}): K8sAdapter {
  const kubeConfig = options.kubeConfig ?? loadKubeConfig()
  const ctx: AdapterContext = {
    api: createApiClients(kubeConfig, createFetchSeam(options)),
    namespace: options.namespace ?? defaultNamespace(),
    selector: options.selector ?? DEFAULT_MCP_SELECTOR,
  }
  const tuning = { ...DEFAULT_WATCH_TUNING, ...options.watchTuning }
  return {
    backend: backendOver(ctx, tuning),
    deliveries: createDeliveryRecord(ctx, {
      ...DEFAULT_DELIVERY_RECORD,
      ...options.deliveryRecord,
    }),
    pods: { watchPods: (name, signal) => watchServerPods(ctx, name, signal, tuning) },
  }
}

/** The Kubernetes implementation of core's LifecycleBackend. */
export function createK8sBackend(options: K8sBackendOptions = {}): LifecycleBackend {
  return createK8sAdapter(options).backend
}

/** The ConfigMap implementation of core's DeliveryRecord. */
export function createK8sDeliveryRecord(options: K8sBackendOptions = {}): DeliveryRecord {
  return createK8sAdapter(options).deliveries
}

function backendOver(ctx: AdapterContext, tuning: WatchTuning): LifecycleBackend {
  return {
    listServers: () => listServers(ctx),
    getServer: (name) => getServer(ctx, name),
    scale: (name, replicas, mutation) => scaleDeployment(ctx, name, replicas, mutation),
    deletePods: (name, mutation) => deletePods(ctx, name, mutation),
    watchServer: (name, signal) => watchDeployment(ctx, name, signal, tuning),
    watchServers: (signal) => watchServers(ctx, signal, tuning),
  }
}

/**
 * The fetch every request goes through, outermost first: a 403 is retried, each try is bounded
 * by the call timeout and reported to observeRequest, and all share one connection pool.
 */
function createFetchSeam(options: K8sBackendOptions): FetchFn {
  const pooled = reuseDispatcher(options.fetch ?? (undiciFetch as unknown as FetchFn))
  const observed = options.observeRequest ? observedFetch(pooled, options.observeRequest) : pooled
  return retryForbidden(withCallTimeout(observed, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS))
}
