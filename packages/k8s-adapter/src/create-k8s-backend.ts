import {
  DEFAULT_DISCOVERY_BOUNDS,
  type DiscoveryBounds,
  type DiscoveryStore,
  type ActivityRecorder,
  type DeliveryRecord,
  type LeaderLease,
  type LifecycleBackend,
  type ServerFeed,
  type ServerPods,
} from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { readClusterIssuer, type ClusterIssuerDocuments } from './cluster-issuer-documents.ts'
import { createAdapterContext, type AdapterConnection } from './create-adapter-context.ts'
import { deletePods } from './delete-pods.ts'
import { createDiscoveryStore } from './discovery-store.ts'
import {
  createDeliveryRecord,
  DEFAULT_DELIVERY_RECORD,
  type DeliveryRecordOptions,
} from './delivery-record.ts'
import { followedServices, listedServices, type ServicesSelecting } from './followed-services.ts'
import { getServer, listServers } from './list-servers.ts'
import { scaleDeployment } from './scale-deployment.ts'
import { DEFAULT_WATCH_TUNING, type WatchTuning } from './list-watch.ts'
import { watchDeployment } from './watch-deployment.ts'
import { watchServers } from './watch-servers.ts'
import { watchServerPods } from './watch-server-pods.ts'
import { clusterFeedOver, serverFeedOver } from './create-k8s-server-feed.ts'
import { createLeaseLock, type LeaseOptions } from './leader-lease.ts'
import { activityRecorderOver } from './record-activity.ts'

export { DEFAULT_CALL_TIMEOUT_MS } from './create-adapter-context.ts'

export interface K8sBackendOptions extends AdapterConnection {
  watchTuning?: Partial<WatchTuning>
  /** Where handled deliveries are recorded, and how many for how long. */
  deliveryRecord?: Partial<DeliveryRecordOptions>
  /** Bounds on the discovery answers kept per server. */
  discoveryBounds?: Partial<DiscoveryBounds>
  /**
   * A process that serves many status reads passes its lifetime here: Services are then
   * followed by a watch from the first read on (followed-services.ts), not listed on each.
   */
  followServices?: AbortSignal
}

/** Every port the adapter implements, over one set of API clients (one connection pool). */
export interface K8sAdapter {
  backend: LifecycleBackend
  /** The record of handled deliveries, in a ConfigMap of the namespace. */
  deliveries: DeliveryRecord
  /** Each server's kept discovery answers, in a ConfigMap its Deployment owns. */
  discovery: DiscoveryStore
  /** The servers' pods, from a list-watch of each server's Pods. */
  pods: ServerPods
  /** The cluster's service-account token issuer (to verify tokens its pods present). */
  clusterIssuer: ClusterIssuerDocuments
  /** The namespace the adapter acts on. */
  namespace: string
  /** List-watches of the MCP Deployments and the Services, for a long-running cache. */
  feed: ServerFeed
  /**
   * The same of every namespace (one cluster-scoped list-watch per kind, the Deployments by
   * the MCP label), each object placed in its namespace: every namespace managed (`*`).
   */
  clusterFeed: ServerFeed
  /** Where each server's last activity is written (its annotation). */
  activity: ActivityRecorder
  /** A coordination.k8s.io Lease in the namespace, one holder among replicas. */
  lease(options: LeaseOptions): LeaderLease
  /** The same ports confined to another namespace, over the same clients (one pool). */
  inNamespace(namespace: string): K8sAdapter
}

export function createK8sAdapter(options: K8sBackendOptions = {}): K8sAdapter {
  return adapterOver(createAdapterContext(options), options)
}

function adapterOver(ctx: AdapterContext, options: K8sBackendOptions): K8sAdapter {
  const tuning = { ...DEFAULT_WATCH_TUNING, ...options.watchTuning }
  return {
    backend: backendOver(
      ctx,
      tuning,
      options.followServices
        ? followedServices(ctx, tuning, options.followServices)
        : listedServices(ctx)
    ),
    deliveries: createDeliveryRecord(ctx, {
      ...DEFAULT_DELIVERY_RECORD,
      ...options.deliveryRecord,
    }),
    discovery: createDiscoveryStore(ctx, {
      ...DEFAULT_DISCOVERY_BOUNDS,
      ...options.discoveryBounds,
    }),
    pods: { watchPods: (name, signal) => watchServerPods(ctx, name, signal, tuning) },
    clusterIssuer: readClusterIssuer(ctx),
    namespace: ctx.namespace,
    feed: serverFeedOver(ctx, tuning),
    clusterFeed: clusterFeedOver(ctx, tuning),
    activity: activityRecorderOver(ctx),
    lease: (lease) => createLeaseLock(ctx, lease),
    inNamespace: (namespace) => adapterOver({ ...ctx, namespace }, options),
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

function backendOver(
  ctx: AdapterContext,
  tuning: WatchTuning,
  services: ServicesSelecting
): LifecycleBackend {
  return {
    listServers: () => listServers(ctx),
    getServer: (name) => getServer(ctx, name, services),
    scale: (name, replicas, mutation) => scaleDeployment(ctx, name, replicas, mutation),
    deletePods: (name, mutation) => deletePods(ctx, name, mutation),
    watchServer: (name, signal) => watchDeployment(ctx, name, signal, tuning),
    watchServers: (signal) => watchServers(ctx, signal, tuning),
  }
}
