export {
  byName,
  dnsLabel,
  serverName,
  serverNameParams,
  SERVER_NAME_MAX_LENGTH,
} from './server-name.ts'
export { DEFAULT_LIMITS, DEFAULT_TIMEOUT_SECONDS } from './limits.ts'
export {
  DEFAULT_DELIVERIES_CONFIGMAP,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SELECTOR,
} from './defaults.ts'
export type { Limits } from './limits.ts'
export { createRequestSchemas } from './requests.ts'
export type { RequestSchemas, StartRequest, StopRequest, ScaleRequest } from './requests.ts'
export type {
  ConditionSnapshot,
  DeploymentSnapshot,
  ServerSnapshot,
  ServicePortSnapshot,
  ServiceSnapshot,
  ServiceType,
} from './snapshot.ts'
export { deriveStatus, hasReached, SERVER_STATUSES } from './status.ts'
export type { ServerStatus } from './status.ts'
export {
  parseEndpoints,
  serverEndpoints,
  selectsServer,
  isHttps,
  SERVER_ANNOTATION,
} from './endpoints.ts'
export type { EndpointOptions } from './endpoints.ts'
export { toSummary, toStatusView, lastActivity, LAST_ACTIVITY_ANNOTATION } from './views.ts'
export {
  serverSummarySchema,
  serverStatusViewSchema,
  serverListSchema,
  conditionViewSchema,
  problemSchema,
} from './view-schemas.ts'
export type { ServerSummary, ServerStatusView, ConditionView } from './view-schemas.ts'
export { LifecycleError, isLifecycleError, serverNotFound, STATUS_BY_KIND } from './errors.ts'
export type { ErrorKind, LifecycleErrorOptions } from './errors.ts'
export { toProblem, problemType, PROBLEM_CONTENT_TYPE } from './problem.ts'
export type { Problem } from './problem.ts'
export type { LifecycleBackend, MutationOptions } from './backend.ts'
export type { DeliveryRecord } from './delivery-record.ts'
export { waitForReplicas } from './wait-for-replicas.ts'
export { ReplicasTimeout, ServerTimeout } from './wait-timeouts.ts'
export type { Progress, WaitOptions } from './wait-for-replicas.ts'
export type { OperationContext } from './operations/context.ts'
export { createOperationContext } from './operations/operation-context.ts'
export type { CallScope, OperationServices } from './operations/operation-context.ts'
export { listServers } from './operations/list.ts'
export { listEveryNamespace, visibleNamespaces } from './operations/list-every-namespace.ts'
export { getServerStatus } from './operations/status.ts'
export { startServer } from './operations/start.ts'
export { stopServer } from './operations/stop.ts'
export { scaleServer } from './operations/scale.ts'
export {
  checkAccess,
  mayTouch,
  maySeeNamespace,
  namePredicate,
  serverPattern,
  visibleIn,
} from './access.ts'
export type { Principal, Scope, Where } from './access.ts'
export { namespaceName, namespaceParams, namespacedServerParams } from './namespace-name.ts'
export { namespaceSelection, selects } from './namespace-selection.ts'
export type { NamespaceSelection } from './namespace-selection.ts'
export { listedNamespaces, NAMESPACE_NOT_MANAGED, namespaceNotFound } from './managed-namespaces.ts'
export type { ManagedNamespaces, NamespaceScope } from './managed-namespaces.ts'
export { serverKey } from './server-id.ts'
export type { ServerId } from './server-id.ts'
export type { AuditRecord } from './audit.ts'
export { RateLimiter, WaitSlots } from './guards.ts'
export { ACTIONS, createActionSchemas, createWebhookSchema } from './actions.ts'
export type { Action, ActionInput, ActionSchemas, WebhookInput } from './actions.ts'
export { runAction } from './operations/run-action.ts'
export { deliverOnce, deliveryKey } from './operations/deliver-once.ts'
export type { Delivery, DeliveryId } from './operations/deliver-once.ts'
export type { DeliveryGuard } from './operations/delivery-guard.ts'
export { parseInput } from './invalid-input.ts'
export { listSetting, textSetting, wholeNumberOr, wholeNumberSetting } from './setting-schemas.ts'
export type { ParseOptions } from './invalid-input.ts'
export type { ContainerWaitingSnapshot, PodPortSnapshot, PodSnapshot } from './pod-snapshot.ts'
export type { ServerPods } from './server-pods.ts'
export { FAILING_WAITING_REASONS, podStartFailure } from './pod-start-failure.ts'
export type { StartFailure } from './pod-start-failure.ts'
export {
  DEFAULT_MCP_PATH,
  DEFAULT_QUEUE_BOUNDS,
  MCP_PATH_ANNOTATION,
  MCP_PORT_ANNOTATION,
  QUEUE_SIZE_ANNOTATION,
  QUEUE_TIMEOUT_ANNOTATION,
  READY_CHECK_ANNOTATION,
  mcpPath,
  queueBounds,
  readyCheck,
} from './activator-annotations.ts'
export type { QueueBounds, ReadyCheck } from './activator-annotations.ts'
export { mcpPort } from './mcp-port.ts'
export { isServing, pickPod } from './pick-pod.ts'
export { IDLE_TIMEOUT_ANNOTATION, idleTimeoutMs, parseDuration } from './idle-timeout.ts'
export type { ServerActivity } from './server-activity.ts'
export { decideReap } from './reap-decision.ts'
export type { ReapDecision, ReapInput, ReapReason } from './reap-decision.ts'
export { reapIdleServers, REAPER } from './operations/reap.ts'
export type { ReapOptions, ReapResult } from './operations/reap.ts'
export type { ActivityRecorder } from './activity-recorder.ts'
export type { LeaderLease } from './leader-lease.ts'
export type { FeedEvent, Placed, ServerFeed } from './server-feed.ts'
export { ServerCache } from './server-cache.ts'
export { FeedStore } from './feed-store.ts'
export type { FeedKind, ServerCacheOptions } from './server-cache.ts'
export { cachedBackendOver, createCachedBackend, DEFAULT_STALE_AFTER_MS } from './cached-backend.ts'
export { followServerFeed } from './followed-cache.ts'
export type { FollowedCache, FollowedCacheOptions } from './followed-cache.ts'
export { discoveredNamespaces } from './discovered-namespaces.ts'
export type { SeenNamespaces } from './discovered-namespaces.ts'
export type { CachedBackend, CachedBackendOptions } from './cached-backend.ts'
export { REAP_EVENT_TYPE, REAP_RESULT_EVENT_TYPE, reapOnEvent } from './reap-event.ts'
export { serverWatchViewSchema, toWatchView } from './server-change.ts'
export type { ServerChange, ServerWatchView } from './server-change.ts'
export { watchServerList } from './operations/watch-list.ts'
export {
  watchEveryNamespace,
  type EveryNamespaceWatch,
} from './operations/watch-every-namespace.ts'
export { shareServerPods } from './shared-server-pods.ts'
export type { SharedPodsOptions } from './shared-server-pods.ts'
export { createServerChangeHub, DEFAULT_COALESCE_MS } from './server-change-hub.ts'
export type {
  ChangeEventType,
  ChangeListener,
  ServerChangeHub,
  ServerChangeHubOptions,
  SharedChange,
} from './server-change-hub.ts'
export { DEFAULT_STREAM_LIMITS, StreamSlots } from './stream-slots.ts'
export { PrincipalCounts } from './principal-counts.ts'
export type { StreamSlotLimits } from './stream-slots.ts'
export {
  answerKey,
  DISCOVERY_LISTS,
  DISCOVERY_METHODS,
  parseKeptDiscovery,
} from './discovery-answer.ts'
export type { DiscoveryMethod, KeptAnswer, KeptDiscovery } from './discovery-answer.ts'
export { DEFAULT_DISCOVERY_BOUNDS, keepAnswer } from './discovery-bounds.ts'
export type { DiscoveryBounds } from './discovery-bounds.ts'
export type { DiscoveryStore } from './discovery-store.ts'
export { DiscoverySummaries } from './discovery-summaries.ts'
export type { DiscoveryViews } from './discovery-summaries.ts'
export {
  discoveryViewSchema,
  summarizeKept,
  toDiscoveryView,
  withAnswer,
} from './discovery-view.ts'
export type { DiscoverySummary, DiscoveryView } from './discovery-view.ts'
export { DISCOVERY_ANNOTATION, discoveryVerdict, servableAnswer } from './discovery-serving.ts'
export type { DiscoveryRequest, DiscoveryVerdict, ServingContext } from './discovery-serving.ts'
