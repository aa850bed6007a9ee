import type {
  AuditRecord,
  DeliveryRecord,
  DiscoveryViews,
  EndpointOptions,
  LifecycleBackend,
  Limits,
  ManagedNamespaces,
  RateLimiter,
  ServerPods,
  StreamSlots,
  WaitSlots,
} from '@mcp-lifecycle/core'
import type { Authenticator } from '@mcp-lifecycle/auth'
import type { ErrorLogger } from './problem-response.ts'

/** What every handler app is built from. */
export interface HandlerDeps {
  backend: LifecycleBackend
  /** The servers' pods: why one cannot start, in statuses and waits. */
  pods?: ServerPods
  /**
   * The managed namespaces and their ports: `/namespaces/{namespace}/...` routes act on one of
   * them; the default namespace's ports are `backend`, `pods` and `deliveries` here. Absent:
   * `backend` alone, and any route naming a namespace is a 404.
   */
  namespaces?: ManagedNamespaces
  /** Where webhook and event deliveries are recorded, so each acts once. */
  deliveries?: DeliveryRecord
  /** What the manager knows of the default namespace's servers' kept discovery (views show it). */
  discoveryViews?: DiscoveryViews
  /** How endpoint URLs are written (node hosts, cluster domain). */
  endpointOptions?: EndpointOptions
  limits?: Limits
  logError?: ErrorLogger
  /** Aborted on shutdown: waits in progress end (503) instead of holding the process. */
  shutdownSignal?: AbortSignal
  /** Turns the Authorization header into a principal, or throws 401/403; absent: no auth. */
  authenticator?: Authenticator
  /** One record per mutation attempt, with the id of the request that made it. */
  audit?: (record: AuditRecord, request: { reqId?: string }) => void
  rateLimiter?: RateLimiter
  waitSlots?: WaitSlots
  /** Bounds the open change streams and MCP listen streams, in all and per principal. */
  streamSlots?: StreamSlots
  /** How often an open stream checks that its credential still holds (tests shorten it). */
  credentialCheckMs?: number
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes?: number
  /** Authentication off (the operator's setting, see runtime): only this machine's own clients are served (Host, Origin, JSON bodies). */
  loopbackOnly?: boolean
}
