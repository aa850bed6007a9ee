import type { Principal } from '../access.ts'
import type { AuditRecord } from '../audit.ts'
import type { LifecycleBackend } from '../backend.ts'
import type { DeliveryRecord } from '../delivery-record.ts'
import type { DiscoveryViews } from '../discovery-summaries.ts'
import { namespaceNotFound, type ManagedNamespaces } from '../managed-namespaces.ts'
import type { EndpointOptions } from '../endpoints.ts'
import type { RateLimiter, WaitSlots } from '../guards.ts'
import type { ServerPods } from '../server-pods.ts'
import type { Progress } from '../wait-for-replicas.ts'
import type { OperationContext } from './context.ts'

/** What a process offers every operation, built once (the runtime, or a client's options). */
export interface OperationServices {
  backend: LifecycleBackend
  /** The servers' pods: a start or a wait then fails fast with why a pod cannot start. */
  pods?: ServerPods | undefined
  deliveries?: DeliveryRecord | undefined
  /** What the manager knows of the default namespace's servers' kept discovery answers. */
  discoveryViews?: DiscoveryViews | undefined
  endpointOptions?: EndpointOptions | undefined
  rateLimiter?: RateLimiter | undefined
  waitSlots?: WaitSlots | undefined
  /** One record per mutation attempt, with the id of the request that made it. */
  audit?: ((record: AuditRecord, request: { reqId?: string }) => void) | undefined
  /** Aborted when the process stops: waits in progress end. */
  shutdownSignal?: AbortSignal | undefined
  /**
   * The namespaces managed and their ports: a call acts on the ports of the namespace it names;
   * on `backend`, `pods` and `deliveries` above for the default one (and when it names none).
   */
  namespaces?: ManagedNamespaces | undefined
}

/** What one call adds: who asks, when it ends, and how it reports progress. */
export interface CallScope {
  principal?: Principal | undefined
  /** The caller went away. */
  signal?: AbortSignal | undefined
  /** The request's id, for the audit. */
  reqId?: string | undefined
  dryRun?: boolean
  onProgress?: ((progress: Progress) => void) | undefined
  /** The namespace the call names; absent: the default one. */
  namespace?: string | undefined
}

/**
 * The one way an operation's context is made, by HTTP handlers, MCP tool calls, the CLI's
 * direct client and the activator alike: every entry point hands operations the same
 * services (pods, audit, bounds), so they fail fast and are audited the same everywhere.
 * Built property by property: it is made for every request, reads included.
 */
export function createOperationContext(
  services: OperationServices,
  call: CallScope = {}
): OperationContext {
  const context = portsOf(services, call.namespace)
  if (services.endpointOptions) context.endpointOptions = services.endpointOptions
  if (services.rateLimiter) context.rateLimiter = services.rateLimiter
  if (services.waitSlots) context.waitSlots = services.waitSlots
  const audit = services.audit
  if (audit) {
    const request = call.reqId ? { reqId: call.reqId } : {}
    context.audit = (record: AuditRecord) => audit(record, request)
  }
  if (call.principal) context.principal = call.principal
  if (call.dryRun !== undefined) context.dryRun = call.dryRun
  if (call.onProgress) context.onProgress = call.onProgress
  const shutdown = services.shutdownSignal
  if (call.signal && shutdown) return withSignalCombinedOnUse(context, [call.signal, shutdown])
  const signal = call.signal ?? shutdown
  if (signal) context.signal = signal
  return context
}

/** Where a context keeps the signals it combines at its first read (not enumerable). */
const TO_COMBINE = Symbol('signals to combine')

interface SignalsToCombine {
  signals: AbortSignal[]
  combined?: AbortSignal
}

/**
 * The getter of every combined `signal`: one function for all contexts. A getter made per
 * context would give each its own accessor, and V8 then keeps every context as a slow
 * dictionary object (each property read a lookup, in every operation).
 */
function combinedSignal(this: OperationContext): AbortSignal {
  const state = (this as { [TO_COMBINE]?: SignalsToCombine })[TO_COMBINE]!
  return (state.combined ??= AbortSignal.any(state.signals))
}

/**
 * `context` with a signal aborted when any of `signals` is, combined at its first read: most
 * calls (a read from the cache) never read it, and AbortSignal.any leaves every call's weak
 * references on the process's long-lived signal. A copy (`{ ...ctx }`) reads it, so it holds
 * the combined signal itself.
 */
function withSignalCombinedOnUse(
  context: OperationContext,
  signals: AbortSignal[]
): OperationContext {
  const state: SignalsToCombine = { signals }
  Object.defineProperty(context, TO_COMBINE, { value: state })
  return Object.defineProperty(context, 'signal', { get: combinedSignal, enumerable: true })
}

/** The ports the call acts on: its namespace's, when namespaces are managed (404 if not one). */
function portsOf(services: OperationServices, namespace: string | undefined): OperationContext {
  const managed = services.namespaces
  if (!managed) {
    // Without the namespaces, no name can be told to be the backend's own.
    if (namespace !== undefined) throw namespaceNotFound(namespace)
    const context: OperationContext = { backend: services.backend }
    if (services.pods) context.pods = services.pods
    if (services.deliveries) context.deliveries = services.deliveries
    if (services.discoveryViews) context.discoveryViews = services.discoveryViews
    return context
  }
  const acted = namespace ?? managed.defaultNamespace
  const scope = managed.scope(acted)
  if (!scope) throw namespaceNotFound(acted)
  // The default namespace's ports are the services' own (a process may wrap them: a cache).
  const ports = acted === managed.defaultNamespace ? services : scope
  const context: OperationContext = { backend: ports.backend }
  if (ports.pods) context.pods = ports.pods
  if (ports.deliveries) context.deliveries = ports.deliveries
  // Summaries are kept by name, for the default namespace's servers only.
  if (ports === services && services.discoveryViews)
    context.discoveryViews = services.discoveryViews
  context.where = { namespace: acted, defaultNamespace: managed.defaultNamespace }
  return context
}
