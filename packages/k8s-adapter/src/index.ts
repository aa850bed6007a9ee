export {
  createK8sAdapter,
  createK8sBackend,
  createK8sDeliveryRecord,
  DEFAULT_CALL_TIMEOUT_MS,
} from './create-k8s-backend.ts'
export type { K8sAdapter, K8sBackendOptions } from './create-k8s-backend.ts'
export { loadKubeConfig, defaultNamespace } from './kube-config.ts'
export type { ClusterIssuerDocuments } from './cluster-issuer-documents.ts'
export type { FetchFn } from './fetch-fn.ts'
export type { WatchTuning } from './list-watch.ts'
export type { ApiRequestRecord } from './observed-fetch.ts'
export { createK8sServerPods } from './create-k8s-server-pods.ts'
export type { K8sServerPodsOptions } from './create-k8s-server-pods.ts'
export { toPodSnapshot } from './to-pod-snapshot.ts'
export { createK8sActivityRecorder } from './record-activity.ts'
export { createK8sLeaderLease } from './leader-lease.ts'
export type { LeaseOptions } from './leader-lease.ts'
export type { K8sClientOptions } from './standalone-context.ts'
export { createK8sServerFeed } from './create-k8s-server-feed.ts'
export type { K8sServerFeedOptions } from './create-k8s-server-feed.ts'
