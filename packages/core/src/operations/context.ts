import type { Principal, Where } from '../access.ts'
import type { AuditRecord } from '../audit.ts'
import type { LifecycleBackend, MutationOptions } from '../backend.ts'
import type { RateLimiter, WaitSlots } from '../guards.ts'
import type { Progress } from '../wait-for-replicas.ts'
import type { DeliveryGuard } from './delivery-guard.ts'
import type { DiscoveryViews } from '../discovery-summaries.ts'
import type { DeliveryRecord } from '../delivery-record.ts'
import type { EndpointOptions } from '../endpoints.ts'
import type { ServerPods } from '../server-pods.ts'

/** What every operation runs with: the backend, who asks, and the caller's hooks and bounds. */
export interface OperationContext extends MutationOptions {
  backend: LifecycleBackend
  /** The namespace acted on (absent: a caller of one namespace that does not say which). */
  where?: Where
  /** Checked before any backend call; absent only for trusted in-process callers. */
  principal?: Principal
  /** Receives one record per mutation attempt. */
  audit?: (record: AuditRecord) => void
  /** Limits mutations per principal. */
  rateLimiter?: RateLimiter
  /** Bounds concurrent waits. */
  waitSlots?: WaitSlots
  /** How endpoint URLs are written (node hosts, cluster domain): configuration of the caller. */
  endpointOptions?: EndpointOptions
  /** The servers' pods, to say why one cannot start (absent: from the Deployment alone). */
  pods?: ServerPods
  /** Where deliveries are recorded as handled (webhooks and events act once). */
  deliveries?: DeliveryRecord
  /** What the manager knows of each server's kept discovery answers (shown in its status). */
  discoveryViews?: DiscoveryViews
  /** Set for a webhook or event delivery: claimed after admission, before any change. */
  delivery?: DeliveryGuard
  onProgress?: (progress: Progress) => void
  signal?: AbortSignal
}
